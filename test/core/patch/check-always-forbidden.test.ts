import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAlwaysForbidden, checkPathSafety, checkPatchPolicy, describeViolation, PATCH_POLICY_DEFAULTS } from '../../../src/core/patch/index.js';
import { binaryDiff, filesOf, modifyDiff, newFileDiff, symlinkDiff } from './diff-fixtures.js';

const rules = (path: string) => checkPathSafety(path).map((v) => v.rule);

describe('always-forbidden paths', () => {
  it('refuses escapes: .., absolute, drive letters, backslashes', () => {
    for (const p of ['../outside', 'a/../../b', '/etc/passwd', 'C:/Windows/x', 'c:x', 'a\\..\\b', '..']) expect(rules(p), p).toContain('path_escape');
    for (const p of ['src/a.ts', 'docs/read me.md', '.gitignore', '.github/CODEOWNERS', 'a..b/c', '...']) expect(rules(p), p).toEqual([]);
  });

  it('refuses .git anywhere (case, NTFS aliases), .github/workflows (any case) and .uet', () => {
    for (const p of ['.git/config', 'sub/.git/hooks/pre-commit', '.GIT/config', '.git./x', 'x/git~1/y', '.git'])
      expect(rules(p), p).toContain('always_forbidden');
    for (const p of ['.github/workflows/ci.yml', '.GitHub/Workflows/ci.yml', '.github/workflows', '.uet/ledger/patches/x.json', '.UET/runs/r/events.jsonl'])
      expect(rules(p), p).toContain('always_forbidden');
  });

  it('refuses path tricks: NUL, control characters, bidi overrides, zero-width, non-UTF-8, empty segments', () => {
    for (const p of ['a\u0000b', 'a\nb', 'tab\there', 'esc\u001b[31m', 'evil\u202Egpj.exe', 'zero\u200Bwidth', 'bad\uFFFD', 'a//b', './a', 'a/', '', 'lone\uD800'])
      expect(rules(p), JSON.stringify(p)).toContain('path_invalid');
  });

  it('prints a hostile path escaped, so that it cannot drive a terminal', () => {
    const [v] = checkPathSafety('x\u001b[2Jevil\u202Etxt.exe').filter((x) => x.rule === 'path_invalid');
    expect(describeViolation(v!)).toBe('path_invalid: x\\u001b[2Jevil\\u202etxt.exe: control characters (NUL, newline, escape...) are not allowed in paths');
  });

  it('refuses symlinks that leave the repository or point into forbidden places, read from the diff content', () => {
    const check = (d: string) => checkAlwaysForbidden(filesOf(d), new Map());
    expect(check(symlinkDiff('link', '/etc/passwd'))).toEqual([expect.objectContaining({ rule: 'symlink_escape', path: 'link', message: expect.stringContaining('/etc/passwd') })]);
    expect(check(symlinkDiff('a/b/link', '../../../x')).map((v) => v.rule)).toEqual(['symlink_escape']);
    expect(check(symlinkDiff('hook', '.git/hooks/pre-commit')).map((v) => v.rule)).toEqual(['symlink_escape']);
    expect(check(symlinkDiff('a/link', '../docs/readme.md'))).toEqual([]);
  });

  it('refuses files over the hard size cap, whatever the policy says', () => {
    const v = checkAlwaysForbidden(filesOf(newFileDiff('big.txt', ['x'])), new Map([['big.txt', 200 * 1024 * 1024]]));
    expect(v).toEqual([expect.objectContaining({ rule: 'always_forbidden', path: 'big.txt' })]);
  });

  it('is not relaxed by any policy, and returns every violation of a patch with its rule and path', () => {
    const files = filesOf(
      [modifyDiff('.github/workflows/ci.yml', ['a'], ['b']), symlinkDiff('pw', '/etc/passwd'), newFileDiff('src/ok.ts', ['ok']), binaryDiff('logo.png')].join(''),
    );
    const permissive = { ...PATCH_POLICY_DEFAULTS, allow_binary: true, allowed_paths: ['**'] };
    const all = [...checkAlwaysForbidden(files, new Map()), ...checkPatchPolicy({ files, policy: permissive, sizes: new Map() })];
    expect(all.map((v) => [v.rule, v.path])).toEqual([
      ['always_forbidden', '.github/workflows/ci.yml'],
      ['symlink_escape', 'pw'],
    ]);
  });

  it('never throws on arbitrary paths and explains every refusal (fuzz)', () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '', '.git', '.GIT', '.github', 'workflows', '.uet', 'src', 'C:', '\\', '\u202E', '\u0000'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segs) => {
        const p = segs.join('/');
        for (const v of checkPathSafety(p)) {
          expect(v.rule).toMatch(/^(path_escape|path_invalid|always_forbidden)$/);
          expect(v.message.length).toBeGreaterThan(0);
          expect(v.path).toBeDefined();
        }
        if (segs.includes('..')) expect(rules(p)).toContain('path_escape');
        if (segs.some((s) => s.toLowerCase() === '.git')) expect(rules(p)).toContain('always_forbidden');
      }),
      { numRuns: 3000 },
    );
  });
});
