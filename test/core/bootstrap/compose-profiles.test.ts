import { describe, expect, it } from 'vitest';
import { composeProfiles, planComposition } from '../../../src/core/bootstrap/compose-profiles.js';
import type { ProfileExtension } from '../../../src/core/contracts/index.js';
import { discoveryWith } from './fixtures.js';

const profile = (profile_id: string, adds_constraints: ProfileExtension['adds_constraints']): ProfileExtension => ({
  profile_id,
  name: profile_id,
  version: '1.0.0',
  domain: 'x',
  adds_task_kinds: [{ id: 'analysis', description: 'x' }],
  adds_constraints,
});
const dir = (path: string, role: 'source' | 'docs' | 'infra' | 'tests') => ({ path, role, evidence: [{ file: path, detector: 'test', conclusion: role }] });
const ev = (file: string) => [{ file, detector: 'test', conclusion: file }];

describe('profile composition', () => {
  const discovery = discoveryWith([['Python', 100]], [], {
    structure: { directories: [dir('docs', 'docs'), dir('infra', 'infra'), dir('src', 'source'), dir('tests', 'tests')], workspaces: [] },
    inferred_constraints: [
      { constraints: { max_line_length: 100 }, evidence: ev('pyproject.toml') },
      { constraints: { max_line_length: 120, tests_must_pass: true }, evidence: ev('.editorconfig') },
    ],
  });

  it('maps directories of other roles to their profile, path by path', () => {
    expect(planComposition(discovery, 'software-dev-python')).toEqual([
      { path_glob: 'docs/**', profile_id: 'documentation' },
      { path_glob: 'infra/**', profile_id: 'operations' },
    ]);
    expect(planComposition(discovery, 'documentation')).toContainEqual({ path_glob: 'src/**', profile_id: 'software-dev-python' });
  });

  it('narrows only: the smaller maximum, restricting flags on, forbidden paths united', () => {
    const py = profile('software-dev-python', { max_line_length: 110, tests_must_pass: false, forbidden_paths: ['.venv/**'] });
    const docs = profile('documentation', { max_lines_changed: 1000, forbidden_paths: ['site/**'] });
    const r = composeProfiles(py, [{ path_glob: 'docs/**', profile_id: 'documentation' }], new Map([['documentation', docs]]), discovery);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.constraints).toEqual({ max_line_length: 100, tests_must_pass: true, forbidden_paths: ['.venv/**'] });
    expect(r.mapped.get('docs/**')).toEqual({ max_line_length: 100, max_lines_changed: 1000, tests_must_pass: true, forbidden_paths: ['site/**'], allowed_paths: ['docs/**'] });
  });

  it('a conflict that cannot be narrowed is an error naming both sources', () => {
    const primary = profile('software-dev-python', {});
    const narrowDocs = profile('documentation', { allowed_paths: ['docs/**'] });
    const r = composeProfiles(primary, [{ path_glob: 'src/**', profile_id: 'documentation' }], new Map([['documentation', narrowDocs]]), discovery);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts[0]?.sources).toEqual(['mapping src/** -> documentation', 'profile documentation']);
    expect(r.conflicts[0]?.message).toMatch(/allowed_paths do not intersect: mapping src\/\*\* -> documentation allows "src\/\*\*" and profile documentation allows "docs\/\*\*"/);
  });

  it('a mapping its profile forbids entirely is a conflict too', () => {
    const ops = profile('operations', { forbidden_paths: ['infra/**'] });
    const r = composeProfiles(profile('generic', {}), [{ path_glob: 'infra/**', profile_id: 'operations' }], new Map([['operations', ops]]), discovery);
    expect(r.ok ? [] : r.conflicts.map((c) => c.message)).toEqual([expect.stringMatching(/every allowed path is forbidden: mapping infra\/\*\* -> operations allows .*; profile operations forbids "infra\/\*\*"/)]);
  });
});
