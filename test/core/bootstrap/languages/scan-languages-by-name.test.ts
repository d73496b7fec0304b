import { describe, expect, it } from 'vitest';
import { scanLanguagesByName } from '../../../../src/core/bootstrap/languages/scan-languages-by-name.js';
import type { FileEntry } from '../../../../src/core/bootstrap/languages/index.js';

const file = (path: string, size: number): FileEntry => ({ path, size, kind: 'file' });

describe('scanLanguagesByName: the breakdown from a tree listing, no contents', () => {
  it('counts files by name and extension with Linguist path rules, and leaves tests out of the source-only breakdown', () => {
    const scan = scanLanguagesByName(
      [
        file('src/app.py', 3000),
        file('src/util.ts', 1000),
        file('tests/test_app.py', 4000),
        file('vendor/lib.js', 9000),
        file('docs/guide.md', 5000),
        file('README.md', 800),
        file('package-lock.json', 70000),
        { path: 'link', size: 10, kind: 'symlink' },
      ],
      { commit: 'a'.repeat(40) },
    );
    expect(scan.languages.map((l) => [l.language, l.bytes])).toEqual([
      ['Python', 7000],
      ['TypeScript', 1000],
    ]);
    expect(scan.languages_source_only.map((l) => [l.language, l.bytes])).toEqual([
      ['Python', 3000],
      ['TypeScript', 1000],
    ]);
    expect(scan.totals.skipped).toMatchObject({ vendored: 1, documentation: 2, symlink: 1 });
  });

  it('does not guess what only contents tell: a script without an extension is not counted', () => {
    const scan = scanLanguagesByName([file('bin/deploy', 500), file('Makefile', 200)]);
    expect(scan.languages.map((l) => l.language)).toEqual(['Makefile']);
    expect(scan.totals.files_counted).toBe(1);
  });
});
