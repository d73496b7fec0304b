import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPatchScope, parseGitDiff, readGitPath } from '../../../src/core/patch/index.js';

const REAL = `diff --git a/a.txt b/a.txt
index de980441c3ab03a8c07dda1ad27b8a11f39deb1e..a7bc997ebe8cf84988b83d2e83f1d193124fe593 100644
--- a/a.txt
+++ b/a.txt
@@ -1,3 +1,4 @@
 a
-b
+B
 c
+d
diff --git a/b.bin b/b.bin
index 87ae6b695deceaf160611414f7dcd5c7366b2e79..22f6b3b038c9c8f81e86f801c481bbf851e477fe 100644
GIT binary patch
literal 8
PcmYew%wtF_sx$%s42c4\`

literal 7
OcmYew%wtF_sssQD(E^45

diff --git a/del.txt b/del.txt
deleted file mode 100644
index 587be6b4c3f93f93c489c0111bba5596147a26cb..0000000000000000000000000000000000000000
--- a/del.txt
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git a/link b/link
new file mode 120000
index 0000000000000000000000000000000000000000..3594e94c04db171e2767224db355f514b13715c5
--- /dev/null
+++ b/link
@@ -0,0 +1 @@
+/etc/passwd
\\ No newline at end of file
diff --git a/m.sh b/m.sh
old mode 100644
new mode 100755
diff --git a/old.md b/new.md
similarity index 100%
rename from old.md
rename to new.md
diff --git "a/we\\tird \\303\\274.txt" "b/we\\tird \\303\\274.txt"
new file mode 100644
index 0000000000000000000000000000000000000000..cce8b844adad81ea4d0c5983103f4c7bb71cc0a9
--- /dev/null
+++ "b/we\\tird \\303\\274.txt"
@@ -0,0 +1 @@
+tab
\\ No newline at end of file
`;

describe('parseGitDiff', () => {
  it('reads git extended headers: modify, binary, delete, symlink, mode change, rename, quoted paths', () => {
    const r = parseGitDiff(REAL);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const summary = r.files.map((f) => [f.change, f.oldPath, f.newPath, f.binary, f.insertions, f.deletions]);
    expect(summary).toEqual([
      ['modified', 'a.txt', 'a.txt', false, 2, 1],
      ['modified', 'b.bin', 'b.bin', true, 0, 0],
      ['deleted', 'del.txt', null, false, 0, 1],
      ['added', null, 'link', false, 1, 0],
      ['modified', 'm.sh', 'm.sh', false, 0, 0],
      ['renamed', 'old.md', 'new.md', false, 0, 0],
      ['added', null, 'we\tird ü.txt', false, 1, 0],
    ]);
    expect(r.files[1]!.binaryPatch).toEqual({ kind: 'literal', size: 8 });
    expect(r.files[3]!.newMode).toBe('120000');
    expect(r.files[4]).toMatchObject({ oldMode: '100644', newMode: '100755' });
    expect(buildPatchScope(r.files)).toEqual({
      files_touched: ['a.txt', 'b.bin', 'del.txt', 'link', 'm.sh', 'new.md', 'we\tird ü.txt'],
      line_insertions: 4,
      line_deletions: 2,
      hunks: 4,
      files_created: ['link', 'we\tird ü.txt'],
      files_deleted: ['del.txt'],
      files_renamed: [{ from: 'old.md', to: 'new.md' }],
      binary_files: ['b.bin'],
    });
  });

  it('reads paths with spaces and a/ b/ prefixes, and plain unified diffs without git headers', () => {
    const spaced = 'diff --git a/my file.txt b/my file.txt\nindex 1111111..2222222 100644\n--- a/my file.txt\t\n+++ b/my file.txt\t\n@@ -1 +1 @@\n-x\n+y\n';
    const r = parseGitDiff(spaced);
    expect(r.ok && r.files[0]!.newPath).toBe('my file.txt');
    const plain = parseGitDiff('--- a/../outside\n+++ b/../outside\n@@ -1 +1 @@\n-a\n+b\n--- /dev/null\n+++ b//etc/passwd\n@@ -0,0 +1 @@\n+root::0:0::/:/bin/sh\n');
    expect(plain.ok && plain.files.map((f) => [f.change, f.newPath])).toEqual([
      ['modified', '../outside'],
      ['added', '/etc/passwd'],
    ]);
  });

  it('refuses as forged every header without the a/ and b/ prefixes git writes (git apply strips any first component)', () => {
    const forged = [
      'diff --git docs/infra/prod.tf docs/infra/prod.tf\nnew file mode 100644\n--- /dev/null\n+++ docs/infra/prod.tf\n@@ -0,0 +1 @@\n+x\n',
      'diff --git x/.github/workflows/evil.yml x/.github/workflows/evil.yml\nnew file mode 100644\n--- /dev/null\n+++ x/.github/workflows/evil.yml\n@@ -0,0 +1 @@\n+on: push\n',
      'diff --git a/x b/x\n--- docs/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n',
      'diff --git a/x b/x\n--- a/x\n+++ docs/x\n@@ -1 +1 @@\n-a\n+b\n',
      'diff --git "docs/x" "docs/x"\nnew file mode 100644\n--- /dev/null\n+++ "docs/x"\n@@ -0,0 +1 @@\n+x\n',
      'diff --git docs/x docs/y\nsimilarity index 100%\nrename from docs/x\nrename to docs/y\n',
      '--- /dev/null\n+++ /etc/passwd\n@@ -0,0 +1 @@\n+root::0:0::/:/bin/sh\n',
      '--- docs/a\n+++ docs/a\n@@ -1 +1 @@\n-a\n+b\n',
    ];
    for (const text of forged) {
      const r = parseGitDiff(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.forged && /a\/ and b\/ prefixes/.test(e.message)), JSON.stringify(r.errors)).toBe(true);
    }
  });

  it('explains what it rejects, with the line', () => {
    const cases: [string, RegExp][] = [
      ['', /no file header/],
      ['hello world\n', /no file header/],
      ['diff --git a/x b/x\nfrobnicate\n', /unrecognised extended header/],
      ['diff --git a/x b/x\n--- a/x\n@@ -1 +1 @@\n-a\n+b\n', /must be followed by "\+\+\+"/],
      ['diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-a\n+b\n', /malformed hunk/],
      ['diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\ngarbage\n', /unexpected line after the last hunk/],
      ['diff --git a/x b/x\n--- a/x\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n', /disagree/],
      ['diff --git a/x b/x\nnew file mode 100644\ndeleted file mode 100644\n', /both created and deleted/],
      ['diff --git a/x b/x\nold mode 100666\n', /unsupported file mode/],
      ['diff --git a/x b/x\nGIT binary patch\nliteral 3\n!!!\n\n', /malformed line of binary patch data/],
      ['--- a/x\n+++ b/x\ndiff --git a/x b/x\n', /before the first "diff --git"/],
      ['diff --git "a/x b/x\n', /cannot tell the name/],
    ];
    for (const [text, expected] of cases) {
      const r = parseGitDiff(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.message).join('\n'), text).toMatch(expected);
    }
  });

  it('decodes C-quoted paths and flags bytes that are not UTF-8', () => {
    expect(readGitPath('"a\\303\\251"')).toMatchObject({ ok: true, path: 'aé' });
    expect(readGitPath('"a\\377"')).toMatchObject({ ok: true, path: expect.stringContaining('\uFFFD') });
    expect(readGitPath('"a\\q"')).toMatchObject({ ok: false });
    expect(readGitPath('"open')).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary input, and explains every rejection (fuzz)', () => {
    const diffish = fc.array(
      fc.oneof(
        fc.constantFrom('diff --git a/x b/x', '--- a/x', '+++ b/x', '--- /dev/null', '+++ /dev/null', '@@ -1 +1 @@', '@@ -0,0 +1,2 @@', '-a', '+b', ' c', '\\ No newline at end of file', 'new file mode 100644', 'deleted file mode 100644', 'rename from x', 'rename to y', 'GIT binary patch', 'literal 3', 'Binary files a/x and b/x differ', 'index 0000000..1111111 100644', '', 'diff --git "a/\\303" "b/\\303"'),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(diffish, fc.string({ maxLength: 200 }), (lines, noise) => {
        for (const text of [lines.join('\n'), noise, `${lines.join('\n')}\n${noise}`]) {
          const r = parseGitDiff(text);
          if (r.ok) {
            for (const f of r.files) expect(f.oldPath !== null || f.newPath !== null).toBe(true);
          } else {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors) {
              expect(e.message.length).toBeGreaterThan(0);
              expect(e.line).toBeGreaterThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
