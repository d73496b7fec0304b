import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLanguages } from '../../../../src/adapters/bootstrap/languages/index.js';
import type { FileClassification, LanguageScan } from '../../../../src/core/bootstrap/languages/index.js';
import { removeTempDirs } from '../../helpers/temp-repo.js';
import {
  EXPECTED_BREAKDOWN,
  KITCHEN_SINK_FILES,
  KITCHEN_SINK_SUBMODULE,
  KITCHEN_SINK_SYMLINKS,
} from './kitchen-sink.js';
import { makeRepo } from './make-repo.js';

const breakdown = (scan: LanguageScan) =>
  Object.fromEntries(scan.languages.map((l) => [l.language, l.bytes]));

describe('scanLanguages on the kitchen-sink repository', () => {
  let scan: LanguageScan;
  let files: Map<string, FileClassification>;
  beforeAll(async () => {
    const dir = await makeRepo({
      files: KITCHEN_SINK_FILES,
      symlinks: KITCHEN_SINK_SYMLINKS,
      submodule: KITCHEN_SINK_SUBMODULE,
    });
    scan = await scanLanguages(dir, { includeFiles: true });
    files = new Map(scan.files!.map((f) => [f.path, f]));
  });
  afterAll(removeTempDirs);

  it("gives Linguist 7.22.1's breakdown, byte for byte", () => {
    expect(breakdown(scan)).toEqual(EXPECTED_BREAKDOWN);
    expect(scan.languages.map((l) => l.language)[0]).toBe('Python');
    expect(scan.languages.find((l) => l.language === 'Python')?.percent).toBe(15.74);
    expect(scan.tree_source).toBe('head');
    expect(scan.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(scan.linguist_data_version).toBe('7.22.1');
  });

  it.each([
    ['bin/tool', 'Python', 'linguist.shebang'],
    ['bin/serve', 'JavaScript', 'linguist.shebang'],
    ['bin/run', 'Python', 'linguist.shebang'],
    ['bin/legacy', 'Python', 'linguist.shebang'],
    ['Makefile', 'Makefile', 'linguist.filename'],
    ['Dockerfile', 'Dockerfile', 'linguist.filename'],
    ['Rakefile', 'Ruby', 'linguist.filename'],
    ['include/plain.h', 'C', 'linguist.heuristics'],
    ['include/vec.h', 'C++', 'linguist.heuristics'],
    ['include/view.h', 'Objective-C', 'linguist.heuristics'],
    ['m/app.m', 'Objective-C', 'linguist.heuristics'],
    ['m/calc.m', 'MATLAB', 'linguist.heuristics'],
    ['perl/tool.pl', 'Perl', 'linguist.heuristics'],
    ['prolog/facts.pl', 'Prolog', 'linguist.heuristics'],
    ['gcc/machine.md', 'GCC Machine Description', 'linguist.heuristics'],
    ['inc/page.inc', 'PHP', 'linguist.heuristics'],
    ['hdl/counter.v', 'Verilog', 'linguist.heuristics'],
    ['proofs/lemma.v', 'Coq', 'linguist.heuristics'],
    ['tpl/page.tpl', 'Smarty', 'linguist.extension'],
    ['web/ui/App.tsx', 'TypeScript', 'linguist.heuristics'],
  ])('counts %s as %s (%s)', (path, group, detector) => {
    expect(files.get(path)).toMatchObject({ counted: true, group, detector });
  });

  it('groups TSX under TypeScript', () => {
    expect(files.get('web/ui/App.tsx')).toMatchObject({ language: 'TSX', group: 'TypeScript' });
  });

  it.each([
    ['node_modules/left-pad/index.js', 'vendored'],
    ['vendor/lib.rb', 'vendored'],
    ['docs/conf.py', 'documentation'],
    ['web/bundle.js', 'generated'],
    ['package-lock.json', 'generated'],
    ['api/user.pb.go', 'generated'],
    ['src/blob.py', 'binary'],
    ['src/empty.py', 'empty'],
    ['src/link.py', 'symlink'],
    ['ext/lib', 'submodule'],
    ['notes/guide.md', 'not_detected'],
  ])('skips %s (%s)', (path, reason) => {
    expect(files.get(path)).toMatchObject({ counted: false, reason });
  });

  it('honours every .gitattributes override, odd lines notwithstanding', () => {
    expect(files.get('vendor/keep.rb')).toMatchObject({
      counted: true,
      overrides: ['linguist-vendored=false'],
    });
    expect(files.get('lib/bundled/dep.py')).toMatchObject({
      reason: 'vendored',
      detector: 'gitattributes.linguist-vendored',
    });
    expect(files.get('gen/model.py')).toMatchObject({
      reason: 'generated',
      detector: 'gitattributes.linguist-generated',
    });
    expect(files.get('manual/setup.py')).toMatchObject({ reason: 'documentation' });
    expect(files.get('docs/real.py')).toMatchObject({ counted: true, group: 'Python' });
    expect(files.get('data/schema.sql')).toMatchObject({ counted: true, group: 'SQL', type: 'data' });
    expect(files.get('scripts/deploy.sh')).toMatchObject({ counted: false, reason: 'not_detected' });
    expect(files.get('special/settings.cfg')).toMatchObject({
      counted: true,
      group: 'Ruby',
      detector: 'gitattributes.linguist-language',
    });
    const overrides = scan.evidence.filter((e) => e.detector.startsWith('gitattributes.'));
    expect(overrides.map((e) => e.file).sort()).toEqual([
      'data/schema.sql',
      'docs/real.py',
      'gen/model.py',
      'lib/bundled/dep.py',
      'manual/setup.py',
      'scripts/deploy.sh',
      'special/settings.cfg',
      'vendor/keep.rb',
    ]);
  });

  it('leaves tests out of the source-only breakdown', () => {
    const source = Object.fromEntries(scan.languages_source_only.map((l) => [l.language, l.bytes]));
    expect(source.Python).toBe(EXPECTED_BREAKDOWN.Python! - 33); // tests/test_app.py
    expect(source.Go).toBe(EXPECTED_BREAKDOWN.Go! - 62); // api/user_test.go
    expect(files.get('tests/test_app.py')?.test).toBe(true);
  });

  it('counts totals and skips by reason, with the largest file of each language as evidence', () => {
    expect(scan.totals).toMatchObject({ files_scanned: 46, files_counted: 29, bytes_counted: 1347 });
    expect(scan.totals.skipped).toMatchObject({
      binary: 1,
      symlink: 1,
      submodule: 1,
      empty: 1,
      generated: 4,
    });
    expect(scan.evidence[0]).toMatchObject({ file: 'src/app.py', detector: 'linguist.extension' });
    expect(scan.evidence[0]!.conclusion).toContain('Python');
  });
});
