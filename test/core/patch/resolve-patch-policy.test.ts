import { describe, expect, it } from 'vitest';
import { bundlePolicySources, PATCH_POLICY_DEFAULTS, resolvePatchPolicy, type PolicySource } from '../../../src/core/patch/index.js';

const src = (scope: PolicySource['scope'], constraints: PolicySource['constraints'], oscillation?: PolicySource['oscillation']): PolicySource => ({
  scope,
  name: scope,
  ...(constraints ? { constraints } : {}),
  ...(oscillation ? { oscillation } : {}),
});

describe('resolvePatchPolicy', () => {
  it('gives the documented defaults when no scope says anything', () => {
    expect(resolvePatchPolicy([])).toEqual({ policy: PATCH_POLICY_DEFAULTS, relaxations: [] });
  });

  it('narrows global -> project -> phase -> step, whatever order the sources come in', () => {
    const { policy, relaxations } = resolvePatchPolicy([
      src('step', { max_lines_changed: 50, forbidden_paths: ['b/**'], allowed_paths: ['src/**'] }),
      src('global', { max_lines_changed: 300, forbidden_paths: ['a/**'], ascii_only: true, allow_binary: true }),
      src('phase', { max_files_changed: 5, allow_binary: false, tests_required: 'test_change' }),
      src('project', { tests_required: 'test_command', max_file_bytes: 1000 }),
    ]);
    expect(relaxations).toEqual([]);
    expect(policy).toMatchObject({
      max_lines_changed: 50,
      max_files_changed: 5,
      forbidden_paths: ['a/**', 'b/**'],
      allowed_paths: ['src/**'],
      ascii_only: true,
      allow_binary: false,
      tests_required: 'both', // test_command, then test_change
      max_file_bytes: 1000,
    });
  });

  it('reports every relaxation and ignores it for that field', () => {
    const { policy, relaxations } = resolvePatchPolicy([
      src('project', { max_lines_changed: 100, ascii_only: true, allow_deletions: false, allowed_paths: ['src/**'], tests_required: 'either', max_file_bytes: 10, test_command: 'npm test' }, { threshold: 2, window: 'run', enabled: true }),
      src('step', { max_lines_changed: 500, ascii_only: false, allow_deletions: true, allowed_paths: ['**'], tests_required: 'none', max_file_bytes: 99, test_command: 'true' }, { threshold: 9, window: 'chain', enabled: false }),
    ]);
    expect(relaxations.map((r) => r.field).sort()).toEqual(
      ['allow_deletions', 'allowed_paths', 'ascii_only', 'max_file_bytes', 'max_lines_changed', 'oscillation.enabled', 'oscillation.threshold', 'oscillation.window', 'test_command', 'tests_required'].sort(),
    );
    for (const r of relaxations) expect(r.message).toMatch(/^step: .*; ignored$/);
    expect(policy).toMatchObject({ max_lines_changed: 100, ascii_only: true, allow_deletions: false, allowed_paths: ['src/**'], tests_required: 'either', max_file_bytes: 10, test_command: 'npm test', oscillation: { enabled: true, threshold: 2, window: 'run' } });
  });

  it('allowed paths that do not intersect allow nothing, and say so', () => {
    const { policy, relaxations } = resolvePatchPolicy([src('project', { allowed_paths: ['src/**'] }), src('step', { allowed_paths: ['docs/**'] })]);
    expect(policy.allowed_paths).toEqual([]);
    expect(relaxations[0]?.message).toMatch(/do not intersect.*nothing is allowed/);
  });

  it('lets narrower scopes drop test patterns but not add them', () => {
    const { policy, relaxations } = resolvePatchPolicy([src('project', { test_path_patterns: ['test/**', 'spec/**'] }), src('step', { test_path_patterns: ['spec/**', '**'] })]);
    expect(policy.test_path_patterns).toEqual(['spec/**']);
    expect(relaxations.map((r) => r.field)).toEqual(['test_path_patterns']);
  });

  it('reads a bundle: patch_policy and patch_oscillation at bundle level, workstream and step patch_policy', () => {
    const bundle = {
      bundle_id: 'b',
      patch_policy: { max_files_changed: 10 },
      patch_oscillation: { threshold: 3 },
      workstreams: [{ ws_id: 'W', patch_policy: { max_files_changed: 4 }, steps: [{ step_id: 's', patch_policy: { forbidden_paths: ['x/**'] } }] }],
    };
    const sources = bundlePolicySources(bundle, 'W', bundle.workstreams[0]!.steps[0]!);
    expect(sources.map((s) => s.scope)).toEqual(['project', 'phase', 'step']);
    expect(resolvePatchPolicy(sources).policy).toMatchObject({ max_files_changed: 4, forbidden_paths: ['x/**'], oscillation: { threshold: 3, window: 'run', enabled: true } });
    expect(bundlePolicySources(undefined, null, { step_id: 's' })).toEqual([]);
  });
});
