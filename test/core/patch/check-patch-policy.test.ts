import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPatchPolicy,
  checkResourceScope,
  checkTestsRequired,
  needsTestCommand,
  PATCH_POLICY_DEFAULTS,
  requestResourceScope,
  stepResourceScope,
  type EffectivePatchPolicy,
} from '../../../src/core/patch/index.js';
import { binaryDiff, deleteDiff, filesOf, modifyDiff, newFileDiff } from './diff-fixtures.js';

const policy = (over: Partial<EffectivePatchPolicy>): EffectivePatchPolicy => ({ ...PATCH_POLICY_DEFAULTS, ...over });
const check = (diff: string, over: Partial<EffectivePatchPolicy>, sizes = new Map<string, number>()) =>
  checkPatchPolicy({ files: filesOf(diff), policy: policy(over), sizes }).map((v) => [v.rule, v.path ?? null]);

describe('checkPatchPolicy', () => {
  const three = modifyDiff('src/a.ts', ['a'], ['A']) + newFileDiff('src/b.ts', ['b', 'c']) + deleteDiff('old.txt', ['x']);

  it('max_lines_changed and max_files_changed (a rename counts once)', () => {
    expect(check(three, { max_lines_changed: 3 })).toEqual([['max_lines_changed', null]]);
    expect(check(three, { max_lines_changed: 5 })).toEqual([]);
    expect(check(three, { max_files_changed: 2 })).toEqual([['max_files_changed', null]]);
    const rename = 'diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n';
    expect(check(rename, { max_files_changed: 1 })).toEqual([]);
  });

  it('forbidden_paths on both sides of a rename, allowed_paths on every path, picomatch with dot files', () => {
    const rename = 'diff --git a/secrets/k.pem b/k.txt\nsimilarity index 100%\nrename from secrets/k.pem\nrename to k.txt\n';
    expect(check(rename, { forbidden_paths: ['secrets/**'] })).toEqual([['forbidden_paths', 'secrets/k.pem']]);
    expect(check(three, { forbidden_paths: ['**/*.ts'] })).toEqual([['forbidden_paths', 'src/a.ts'], ['forbidden_paths', 'src/b.ts']]);
    expect(check(three + newFileDiff('.env', ['K=1']), { allowed_paths: ['src/**'] })).toEqual([['allowed_paths', 'old.txt'], ['tool_config', '.env'], ['allowed_paths', '.env']]);
    expect(check(three, { allowed_paths: [] })).toHaveLength(3);
  });

  it('ascii_only and max_line_length on added lines only, with the first offending line', () => {
    const d = modifyDiff('doc.md', ['café removed is fine'], ['plain', 'naïve', 'x'.repeat(50)], 20);
    const v = checkPatchPolicy({ files: filesOf(d), policy: policy({ ascii_only: true, max_line_length: 40 }), sizes: new Map() });
    expect(v).toEqual([
      { rule: 'ascii_only', path: 'doc.md', message: '1 added line is not 7-bit ASCII (first at line 22)' },
      { rule: 'max_line_length', path: 'doc.md', message: '1 added line is longer than 40 characters (first at line 23)' },
    ]);
  });

  it('allow_binary, allow_deletions and max_file_bytes', () => {
    expect(check(binaryDiff('logo.png'), {})).toEqual([['allow_binary', 'logo.png']]);
    expect(check(binaryDiff('logo.png'), { allow_binary: true })).toEqual([]);
    expect(check(three, { allow_deletions: false })).toEqual([['allow_deletions', 'old.txt']]);
    expect(check(three, { max_file_bytes: 10 }, new Map([['src/a.ts', 11]]))).toEqual([['max_file_bytes', 'src/a.ts']]);
  });

  it('tests_required: test_change, test_command, either, both, with test_path_patterns', () => {
    const code = filesOf(modifyDiff('src/a.ts', ['a'], ['b']));
    const withTest = filesOf(modifyDiff('src/a.ts', ['a'], ['b']) + newFileDiff('test/a.test.ts', ['t']));
    const onlyTests = filesOf(newFileDiff('src/a.spec.ts', ['t']));
    const rules = (files: typeof code, t: EffectivePatchPolicy['tests_required'], ran?: boolean) =>
      checkTestsRequired(files, policy({ tests_required: t }), ran === undefined ? undefined : { command: 'npm test', passed: ran }).length;
    expect(rules(code, 'test_change')).toBe(1);
    expect(rules(withTest, 'test_change')).toBe(0);
    expect(rules(onlyTests, 'both')).toBe(0); // no code change: nothing required
    expect(rules(code, 'test_command')).toBe(1); // did not run
    expect(rules(code, 'test_command', false)).toBe(1);
    expect(rules(code, 'test_command', true)).toBe(0);
    expect(rules(code, 'either', true)).toBe(0);
    expect(rules(withTest, 'either')).toBe(0);
    expect(rules(code, 'both', true)).toBe(1);
    expect(rules(withTest, 'both', true)).toBe(0);
    expect(needsTestCommand(withTest, policy({ tests_required: 'either' }))).toBe(false);
    expect(needsTestCommand(code, policy({ tests_required: 'either' }))).toBe(true);
    expect(checkTestsRequired(code, policy({ tests_required: 'test_change', test_path_patterns: ['src/**'] }))).toEqual([]);
  });

  it('resource scope: step context files/create_files, and an execution request read/write/create/forbidden', () => {
    const files = filesOf(three);
    const step = stepResourceScope({ step_id: 's', context: { files: ['src/a.ts'], create_files: ['src/b.ts'] } })!;
    expect(checkResourceScope(files, step).map((v) => v.path)).toEqual(['old.txt']);
    expect(stepResourceScope({ step_id: 's', context: { command: 'x' } })).toBeUndefined();
    const req = requestResourceScope({ read: ['**'], write: ['src/**', 'old.txt'], create: ['docs/**'], forbidden: ['src/a.ts'] });
    expect(checkResourceScope(files, req).map((v) => [v.path, v.message.slice(0, 14)])).toEqual([
      ['src/a.ts', 'matches "src/a'],
      ['src/b.ts', 'creates a file'],
    ]);
  });

  it('never throws on arbitrary policies and patches, and every violation names its rule (fuzz)', () => {
    const diffs = [three, binaryDiff('b.bin'), newFileDiff('.github/x.yml', ['é']), deleteDiff('t/x.test.js', ['a'])];
    const arbPolicy = fc.record(
      {
        max_lines_changed: fc.integer({ min: 1, max: 5 }),
        max_files_changed: fc.integer({ min: 1, max: 3 }),
        forbidden_paths: fc.array(fc.constantFrom('**', 'src/**', '*.md', '[', '**/*.{ts,js}', '!x'), { maxLength: 3 }),
        allowed_paths: fc.array(fc.constantFrom('src/**', '**', 'docs/*', '(', ''), { maxLength: 3 }),
        ascii_only: fc.boolean(),
        allow_binary: fc.boolean(),
        allow_deletions: fc.boolean(),
        max_line_length: fc.integer({ min: 1, max: 3 }),
        max_file_bytes: fc.integer({ min: 0, max: 10 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.subarray(diffs, { minLength: 1 }), arbPolicy, (ds, p) => {
        const v = checkPatchPolicy({ files: filesOf(ds.join('')), policy: policy(p), sizes: new Map([['src/a.ts', 7]]) });
        for (const x of v) {
          expect(x.rule.length).toBeGreaterThan(0);
          expect(x.message.length).toBeGreaterThan(0);
        }
        if (p.allow_binary === false && ds.includes(diffs[1]!)) expect(v.some((x) => x.rule === 'allow_binary')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
