import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPhaseConstraints,
  narrowConstraints,
} from '../../../src/core/contracts/check-phase-constraints.js';
import type {
  Constraints,
  PhaseSpec,
  ProfileExtension,
  TaskSpec,
} from '../../../src/core/contracts/index.js';

const profile: ProfileExtension = {
  profile_id: 'software-dev-python',
  name: 'Python',
  version: '1.0.0',
  domain: 'software_development',
  adds_task_kinds: [{ id: 'code_edit', description: 'Edit code' }],
  adds_constraints: {
    patch_only: true,
    tests_must_pass: true,
    max_lines_changed: 300,
    max_files_changed: 10,
    ascii_only: true,
    allow_binary: false,
    forbidden_paths: ['.uet/ledger/**', '**/*.lock'],
  },
};

const phase = (changes: Partial<PhaseSpec> = {}): PhaseSpec => ({
  phase_id: 'PH-CORE-01',
  name: 'Core',
  profile_id: 'software-dev-python',
  ...changes,
});

const withTask = (task: Partial<TaskSpec>, changes: Partial<PhaseSpec> = {}): PhaseSpec =>
  phase({
    ...changes,
    workstreams: [{ ws_id: 'WS-A', tasks: [{ task_id: 't1', kind: 'code_edit', ...task }] }],
  });

const pointers = (p: PhaseSpec, prof: ProfileExtension = profile) =>
  checkPhaseConstraints(p, prof).map((i) => i.pointer);

describe('checkPhaseConstraints', () => {
  it('accepts a phase that states nothing, repeats the profile, or narrows it', () => {
    expect(checkPhaseConstraints(phase(), profile)).toEqual([]);
    expect(checkPhaseConstraints(phase({ constraints: profile.adds_constraints }), profile)).toEqual([]);
    const narrower: Constraints = {
      max_lines_changed: 100,
      max_files_changed: 3,
      max_line_length: 88,
      backwards_compatible: true,
      allow_deletions: false,
      // .uet/** covers .uet/ledger/**, so the profile's forbidden path is kept.
      forbidden_paths: ['.uet/**', '**/*.lock', 'migrations/**'],
      allowed_paths: ['src/**'],
    };
    expect(checkPhaseConstraints(phase({ constraints: narrower }), profile)).toEqual([]);
  });

  it.each<[string, Constraints, string, RegExp]>([
    [
      'a larger max_lines_changed',
      { max_lines_changed: 301 },
      '/constraints/max_lines_changed',
      /301 exceeds 300.*profile software-dev-python/,
    ],
    [
      'a larger max_files_changed',
      { max_files_changed: 11 },
      '/constraints/max_files_changed',
      /11 exceeds 10/,
    ],
    [
      'tests_must_pass turned off',
      { tests_must_pass: false },
      '/constraints/tests_must_pass',
      /requires true/,
    ],
    ['ascii_only turned off', { ascii_only: false }, '/constraints/ascii_only', /ascii_only is false/],
    ['patch_only turned off', { patch_only: false }, '/constraints/patch_only', /patch_only is false/],
    ['binary files allowed', { allow_binary: true }, '/constraints/allow_binary', /allow_binary is true/],
    [
      'a dropped forbidden path',
      { forbidden_paths: ['**/*.lock'] },
      '/constraints/forbidden_paths',
      /drops ".uet\/ledger\/\*\*"/,
    ],
    [
      'a narrower glob for a forbidden path',
      { forbidden_paths: ['.uet/ledger/runs/**', '**/*.lock'] },
      '/constraints/forbidden_paths',
      /drops ".uet\/ledger\/\*\*"/,
    ],
  ])('reports %s at its pointer', (_why, constraints, pointer, message) => {
    const issues = checkPhaseConstraints(phase({ constraints }), profile);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.pointer).toBe(pointer);
    expect(issues[0]!.message).toMatch(message);
  });

  it('reports every relaxation, not only the first', () => {
    const loose = phase({
      constraints: { max_lines_changed: 500, tests_must_pass: false, ascii_only: false },
    });
    expect(pointers(loose)).toEqual([
      '/constraints/max_lines_changed',
      '/constraints/tests_must_pass',
      '/constraints/ascii_only',
    ]);
  });

  it("reports allowed paths outside the profile's; flags the profile leaves unset are free", () => {
    const scoped: ProfileExtension = {
      ...profile,
      adds_constraints: { allowed_paths: ['src/**', 'tests/**'] },
    };
    const p = phase({ constraints: { allowed_paths: ['src/core/**', 'docs/**'], require_approval: false } });
    const issues = checkPhaseConstraints(p, scoped);
    expect(issues.map((i) => i.pointer)).toEqual(['/constraints/allowed_paths/1']);
    expect(issues[0]!.message).toContain('"docs/**" lies outside "src/**", "tests/**"');
  });

  it('reports a resource scope that writes into forbidden or disallowed paths', () => {
    const p = phase({
      constraints: { allowed_paths: ['src/**', '.uet/**'] },
      resource_scope: { write: ['src/**', '.uet/ledger/**', 'docs/**'], create: ['src/**'] },
    });
    expect(pointers(p)).toEqual(['/resource_scope/write/1', '/resource_scope/write/2']);
  });

  it("checks a task's constraint_delta against the phase, not only the profile", () => {
    const p = withTask(
      { constraint_delta: { max_lines_changed: 250, ascii_only: false } },
      { constraints: { max_lines_changed: 200 } },
    );
    const issues = checkPhaseConstraints(p, profile);
    expect(issues.map((i) => i.pointer)).toEqual([
      '/workstreams/0/tasks/0/constraint_delta/max_lines_changed',
      '/workstreams/0/tasks/0/constraint_delta/ascii_only',
    ]);
    expect(issues[0]!.message).toContain('250 exceeds 200, the maximum of phase PH-CORE-01');
  });

  it('still holds tasks to the profile when the phase itself relaxes it', () => {
    const p = withTask(
      { constraint_delta: { max_lines_changed: 400 } },
      { constraints: { max_lines_changed: 500 } },
    );
    expect(pointers(p)).toEqual([
      '/constraints/max_lines_changed',
      '/workstreams/0/tasks/0/constraint_delta/max_lines_changed',
    ]);
  });

  it('reports task files inside forbidden paths, from the profile, the phase scope or the task itself', () => {
    const p = withTask(
      { files: ['src/app.py', 'poetry.lock', 'secrets/key.pem'], create_files: ['.uet/ledger/x.json'] },
      { resource_scope: { forbidden: ['secrets/**'] } },
    );
    expect(pointers(p)).toEqual([
      '/workstreams/0/tasks/0/files/1',
      '/workstreams/0/tasks/0/files/2',
      '/workstreams/0/tasks/0/create_files/0',
    ]);
  });

  it('reports a resource_delta that widens the phase scope, and files created outside it', () => {
    const p = withTask(
      {
        resource_delta: { write: ['src/core/**', 'docs/**'], forbidden: ['src/legacy/**'] },
        create_files: ['tests/test_new.py'],
      },
      { resource_scope: { write: ['src/**'], create: ['src/**'] } },
    );
    const issues = checkPhaseConstraints(p, profile);
    expect(issues.map((i) => i.pointer)).toEqual([
      '/workstreams/0/tasks/0/resource_delta/write/1',
      '/workstreams/0/tasks/0/create_files/0',
    ]);
    expect(issues[0]!.message).toMatch(/may only narrow/);
  });
});

describe('narrowConstraints', () => {
  const sources = ['profile software-dev-python', 'profile documentation'] as const;

  it('takes the smaller maximum, the union of forbidden paths and the stricter flag', () => {
    const r = narrowConstraints(
      {
        max_lines_changed: 300,
        tests_must_pass: true,
        ascii_only: true,
        allow_binary: true,
        forbidden_paths: ['.git/**'],
      },
      {
        max_lines_changed: 1000,
        max_files_changed: 20,
        tests_must_pass: false,
        ascii_only: false,
        allow_binary: false,
        forbidden_paths: ['site/**', '.git/**'],
      },
      sources,
    );
    expect(r).toEqual({
      ok: true,
      constraints: {
        max_lines_changed: 300,
        max_files_changed: 20,
        tests_must_pass: true,
        ascii_only: true,
        allow_binary: false,
        forbidden_paths: ['.git/**', 'site/**'],
      },
    });
  });

  it('leaves unstated constraints unstated', () => {
    expect(narrowConstraints({}, {}, sources)).toEqual({ ok: true, constraints: {} });
    expect(narrowConstraints({ require_approval: false }, {}, sources)).toEqual({
      ok: true,
      constraints: { require_approval: false },
    });
  });

  it('intersects allowed paths', () => {
    const r = narrowConstraints(
      { allowed_paths: ['src/**', 'docs/**'] },
      { allowed_paths: ['src/core/**', '**/*.md'] },
      sources,
    );
    expect(r).toEqual({
      ok: true,
      constraints: { allowed_paths: ['src/core/**', 'src/**/*.md', 'docs/**/*.md'] },
    });
  });

  it('reports allowed paths that do not intersect, naming both sources', () => {
    const r = narrowConstraints({ allowed_paths: ['src/**'] }, { allowed_paths: ['docs/**'] }, sources);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ pointer: '/allowed_paths', sources });
    expect(r.conflicts[0]!.message).toContain('profile software-dev-python allows "src/**"');
    expect(r.conflicts[0]!.message).toContain('profile documentation allows "docs/**"');
  });

  it('reports allowed paths that the other side forbids entirely, naming both sources', () => {
    const r = narrowConstraints({ allowed_paths: ['docs/**'] }, { forbidden_paths: ['docs/**'] }, sources);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts[0]!.message).toMatch(
      /every allowed path is forbidden: profile software-dev-python allows "docs\/\*\*".*profile documentation .*forbids "docs\/\*\*"/,
    );
  });

  const flag = fc.option(fc.boolean(), { nil: undefined });
  const max = fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined });
  const globs = fc.option(
    fc.uniqueArray(fc.constantFrom('.git/**', 'src/**', 'src/core/**', '**/*.lock', 'docs/**'), {
      maxLength: 3,
    }),
    { nil: undefined },
  );
  const constraints = fc
    .record({
      patch_only: flag,
      tests_must_pass: flag,
      ascii_only: flag,
      require_approval: flag,
      backwards_compatible: flag,
      allow_binary: flag,
      allow_deletions: flag,
      max_lines_changed: max,
      max_files_changed: max,
      max_line_length: max,
      forbidden_paths: globs,
    })
    .map((c) => JSON.parse(JSON.stringify(c)) as Constraints);

  it('never relaxes either side, and is symmetric (property)', () => {
    fc.assert(
      fc.property(constraints, constraints, (a, b) => {
        const r = narrowConstraints(a, b, sources);
        if (!r.ok) return false;
        for (const side of [a, b]) {
          const asProfile: ProfileExtension = { ...profile, adds_constraints: side };
          expect(checkPhaseConstraints(phase({ constraints: r.constraints }), asProfile)).toEqual([]);
        }
        const back = narrowConstraints(b, a, sources);
        expect(
          back.ok && { ...back.constraints, forbidden_paths: back.constraints.forbidden_paths?.sort() },
        ).toEqual({
          ...r.constraints,
          forbidden_paths: r.constraints.forbidden_paths?.sort(),
        });
        return true;
      }),
    );
  });
});
