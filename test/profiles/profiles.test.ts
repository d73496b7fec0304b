import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildPlan } from '../../src/core/bundle/index.js';
import { checkPhaseConstraints } from '../../src/core/contracts/check-phase-constraints.js';
import { validateDocument } from '../../src/core/contracts/index.js';
import type { PhaseSpec, ProfileExtension } from '../../src/core/contracts/index.js';
import { compilePhase } from '../../src/core/phase/index.js';

const PROFILES = 'profiles';
const profileIds = readdirSync(PROFILES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The constraints seed 1 gives each profile, carried exactly. */
const SEED_CONSTRAINTS: Record<string, object> = {
  'software-dev-python': {
    patch_only: true,
    tests_must_pass: true,
    max_lines_changed: 300,
    max_files_changed: 10,
    ascii_only: true,
  },
  'data-pipeline': { patch_only: false, backwards_compatible: true, max_lines_changed: 500 },
  operations: { patch_only: false, max_lines_changed: 200, require_approval: true },
  documentation: { patch_only: true, max_lines_changed: 1000, tests_must_pass: false, ascii_only: false },
  generic: { patch_only: true, max_lines_changed: 500, tests_must_pass: false },
};

/** Resource types, change types and task kinds seed 1 gives each profile. */
const SEED_VOCABULARY: Record<string, { resources: string[]; changes: string[]; kinds: string[] }> = {
  'software-dev-python': {
    resources: ['files'],
    changes: ['file_patch'],
    kinds: ['code_edit', 'code_review', 'refactor', 'analysis', 'documentation'],
  },
  'data-pipeline': {
    resources: ['tables', 'schemas', 'queries'],
    changes: ['schema_migration', 'query_update'],
    kinds: ['schema_change', 'query_optimization', 'data_validation', 'pipeline_config'],
  },
  operations: {
    resources: ['services', 'deployments', 'configs'],
    changes: ['infra_change', 'config_update', 'deployment_manifest'],
    kinds: ['infra_provision', 'config_update', 'deployment', 'monitoring_setup'],
  },
  documentation: {
    resources: ['documents', 'assets'],
    changes: ['doc_update', 'asset_add'],
    kinds: ['doc_write', 'doc_review', 'diagram_create', 'content_organize'],
  },
  generic: {
    resources: ['resources'],
    changes: ['change_artifact'],
    kinds: ['generic_edit', 'analysis', 'review'],
  },
};

it('ships the five profiles of the seed', () => {
  expect(profileIds).toEqual(Object.keys(SEED_CONSTRAINTS).sort());
});

describe.each(profileIds)('profile %s', (id) => {
  const dir = join(PROFILES, id);
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'));
  const result = validateDocument('profile_extension', raw);
  const profile = raw as ProfileExtension;

  it('is a valid profile_extension named after its directory, with a README', () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(profile.profile_id).toBe(id);
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
  });

  it("carries the seed's constraints, resource types, change types and task kinds", () => {
    expect(profile.adds_constraints).toMatchObject(SEED_CONSTRAINTS[id]!);
    const seed = SEED_VOCABULARY[id]!;
    expect((profile.adds_resource_types ?? []).map((r) => r.id)).toEqual(seed.resources);
    expect((profile.adds_change_types ?? []).map((c) => c.id)).toEqual(seed.changes);
    expect(profile.adds_task_kinds.map((k) => k.id)).toEqual(seed.kinds);
    const changeIds = new Set(seed.changes);
    for (const kind of profile.adds_task_kinds)
      for (const c of kind.change_types ?? []) expect(changeIds).toContain(c);
    if (profile.adds_constraints.patch_only)
      expect(
        (profile.adds_change_types ?? []).filter((c) => !['unified_diff', 'binary'].includes(c.format)),
      ).toEqual([]);
  });

  it('lists exactly the templates it ships', () => {
    const files = readdirSync(join(dir, 'phase_templates')).map((f) => `phase_templates/${f}`);
    expect([...(profile.phase_templates ?? [])].sort()).toEqual(files.sort());
    const expected = id === 'software-dev-python' ? [4, 4] : [2, 4];
    expect(files.length).toBeGreaterThanOrEqual(expected[0]!);
    expect(files.length).toBeLessThanOrEqual(expected[1]!);
  });

  describe.each(profile.phase_templates ?? [])('template %s', (path) => {
    const text = readFileSync(join(dir, path), 'utf8');
    const doc: unknown = parse(text);
    const phase = doc as PhaseSpec;

    it('is a valid phase_spec of this profile, named after its file', () => {
      const r = validateDocument('phase_spec', doc);
      expect(r.ok ? [] : r.issues).toEqual([]);
      expect(phase.profile_id).toBe(id);
      expect(path).toBe(`phase_templates/${phase.phase_id}.yaml`);
      if (profile.adds_constraints.ascii_only)
        expect([...text].filter((ch) => ch.charCodeAt(0) > 0x7f)).toEqual([]);
    });

    it('never relaxes the profile', () => {
      expect(checkPhaseConstraints(phase, profile)).toEqual([]);
    });

    it("uses the profile's task kinds and real gates", () => {
      const kinds = new Set(profile.adds_task_kinds.map((k) => k.id));
      const workstreams = phase.workstreams ?? [];
      expect(workstreams.length).toBeGreaterThan(0);
      for (const ws of workstreams) {
        expect(ws.phase_id).toBe(phase.phase_id);
        expect((ws.tasks ?? []).length).toBeGreaterThan(0);
        for (const task of ws.tasks ?? []) expect(kinds, `${task.task_id}`).toContain(task.kind);
      }
      expect((phase.acceptance?.gates ?? []).length).toBeGreaterThan(0);
    });

    it('compiles to a runnable bundle: valid, ids unique, dependencies known, no cycle', () => {
      const compiled = compilePhase(phase);
      expect(compiled.ok ? [] : compiled.issues).toEqual([]);
      if (!compiled.ok) return;
      const bundle = compiled.bundle;
      const valid = validateDocument('workstream_bundle', bundle);
      expect(valid.ok ? [] : valid.issues).toEqual([]);
      const plan = buildPlan(bundle);
      expect(plan.ok ? [] : plan.issues).toEqual([]);
    });
  });
});
