import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src/adapters/bootstrap/load-profiles.js';
import { buildPlan } from '../../../src/core/bundle/index.js';
import { validateDocument, type PhaseSpec } from '../../../src/core/contracts/index.js';
import { compilePhase } from '../../../src/core/phase/compile-phase.js';

const profiles = await loadProfiles();
const templates = [...profiles.values()].flatMap((p) => p.templates.map((t) => [`${p.profile.profile_id}/${t.phase_id}`, t] as const));

describe('compilePhase', () => {
  it.each(templates)('%s compiles to a bundle that validates and plans', (_, phase) => {
    const r = compilePhase(phase);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(validateDocument('workstream_bundle', r.bundle)).toMatchObject({ ok: true });
    const plan = buildPlan(r.bundle);
    expect(plan.ok ? [] : plan.issues).toEqual([]);
    const tasks = (phase.workstreams ?? []).flatMap((w) => w.tasks ?? []);
    expect(plan.ok && [...plan.plan.nodes.values()].filter((n) => n.kind === 'step').length).toBe(tasks.length);
  });

  const phase: PhaseSpec = {
    phase_id: 'PH-X-01',
    name: 'X',
    profile_id: 'software-dev-python',
    max_parallel: 3,
    max_cost_usd: 4,
    depends_on: ['PH-W-01'],
    constraints: { max_lines_changed: 100, tests_must_pass: true, require_approval: true, forbidden_paths: ['secrets/**'] },
    acceptance: { mode: 'all', gates: [{ gate_id: 'tests', type: 'GATE_TEST', command: 'pytest -q' }] },
    workstreams: [
      {
        ws_id: 'WS-A',
        phase_id: 'PH-X-01',
        on_error: 'continue',
        max_parallel: 1,
        circuit_breaker: { failure_threshold: 2 },
        test_gates: [{ type: 'GATE_LINT', command: 'ruff check .' }],
        tasks: [
          { task_id: 'a1', kind: 'analysis', tool_profile_id: 'shell', command: 'echo hi', allow_parallel: false },
          { task_id: 'a2', kind: 'code_edit', depends_on: ['a1'], instruction: 'do it', files: ['src/x.py'], constraint_delta: { max_files_changed: 2 }, execution: { max_attempts: 3, timeout_seconds: 60, retry: { backoff_strategy: 'linear' } }, validation: { test_command: 'pytest -q' } },
        ],
      },
    ],
    workstream_refs: ['WS-B'],
  };
  const refs = {
    workstreams: new Map([['WS-B', { ws_id: 'WS-B', depends_on: ['WS-A'], task_refs: ['b1'] }]]),
    tasks: new Map([['b1', { task_id: 'b1', kind: 'analysis', tool_profile_id: 'shell', command: 'true', depends_on: ['a2'] }]]),
  };

  it('maps the phase, its workstreams and tasks field by field, resolving references', () => {
    const r = compilePhase(phase, refs);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.bundle).toMatchObject({ bundle_id: 'PH-X-01', bundle_name: 'X', max_parallel: 3, max_cost_usd: 4, test_gates: [{ gate_id: 'tests' }] });
    const [a, b] = r.bundle.workstreams;
    expect(a).toMatchObject({ ws_id: 'WS-A', on_error: 'continue', max_parallel: 1, circuit_breaker: { failure_threshold: 2 }, test_gates: [{ command: 'ruff check .' }] });
    expect(a?.steps?.[0]).toEqual({ step_id: 'a1', tool_profile_id: 'shell', parallel_ok: false, context: { command: 'echo hi' } });
    expect(a?.steps?.[1]).toEqual({
      step_id: 'a2',
      depends_on: ['a1'],
      timeout_seconds: 60,
      context: { files: ['src/x.py'], instruction: 'do it' },
      validation: { test_command: 'pytest -q' },
      patch_policy: { max_files_changed: 2 },
      resilience: { max_retries: 2, backoff_strategy: 'linear' },
    });
    expect(b).toMatchObject({ ws_id: 'WS-B', depends_on: ['WS-A'], steps: [{ step_id: 'b1', depends_on: ['a2'] }] });
    expect(validateDocument('workstream_bundle', r.bundle)).toMatchObject({ ok: true });
    expect(buildPlan(r.bundle).ok).toBe(true);
  });

  it('carries constraints as the bundle patch policy and notes what a bundle cannot hold', () => {
    const r = compilePhase(phase, refs);
    if (!r.ok) throw new Error('not ok');
    expect(r.bundle.patch_policy).toEqual({ max_lines_changed: 100, forbidden_paths: ['secrets/**'], tests_required: 'test_command', test_command: 'pytest -q' });
    expect(r.notes.join('\n')).toMatch(/require_approval: no mechanical check[\s\S]*depends_on PH-W-01/);
  });

  it('reports unknown references and workstreams of another phase', () => {
    const bad = { ...phase, workstreams: [{ ...phase.workstreams![0]!, phase_id: 'PH-Y-01' }] };
    const r = compilePhase(bad, {});
    expect(r.ok ? [] : r.issues.map((i) => i.pointer)).toEqual(['/workstream_refs/0', '/workstreams/0/phase_id']);
  });
});
