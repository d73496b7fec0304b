import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { buildPlan, repairNodeId } from '../../../src/core/bundle/index.js';
import type { GateRepair, WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { createRun, driveRun, fold, toRunRecord } from '../../../src/core/run/index.js';
import { bundleOf, createHarness, expectValidEvents, runBundle } from '../../support/engine-harness.js';

const GATE = 'gate:WS:unit';
const R1 = repairNodeId('WS', 'unit', 1);
const R2 = repairNodeId('WS', 'unit', 2);

function repairBundle(repair: Partial<GateRepair> = {}, extra: Partial<WorkstreamBundle> = {}): WorkstreamBundle {
  return bundleOf(
    [{ id: 'a' }],
    {
      test_gates: [
        {
          gate_id: 'unit',
          type: 'GATE_TEST',
          command: 'npm test',
          on_failure: { repair: { tool_profile_id: 'shell', command: 'npm run fix', max_attempts: 2, ...repair } },
        },
      ],
    },
    extra,
  );
}

/** A gate that fails until `passOn` (its attempt number), with an output tail naming the attempt. */
const gateUntil = (passOn: number) => (t: { attempt: number }) =>
  t.attempt >= passOn ? { passed: true, exitCode: 0 } : { passed: false, exitCode: 1, outputTail: `FAIL test/a.test.ts (gate attempt ${t.attempt})` };

describe('the repair loop of a gate', () => {
  it('plans one repair step per attempt, outside the DAG, as plain step ids', () => {
    const built = buildPlan(repairBundle());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.plan.repairs.get(GATE)).toEqual([R1, R2]);
    expect(built.plan.order).not.toContain(R1);
    expect(built.plan.nodes.get(R1)).toMatchObject({ kind: 'step', wsId: 'WS', repair: { gateNodeId: GATE, round: 1, maxAttempts: 2 }, step: { step_id: R1, tool_profile_id: 'shell', context: { command: 'npm run fix' } } });
    expect(R1).toBe('WS.unit.repair-1');
  });

  it('fixes a failing gate on the second attempt: gate, repair 1, gate, repair 2, gate passes', async () => {
    const exec = createScriptedExecutor({ gate: gateUntil(3) });
    const { state, events } = await runBundle(repairBundle(), exec);
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`, `${GATE}#2`, `${R2}#1`, `${GATE}#3`]);
    expect(state.status).toBe('succeeded');
    expect(state.nodes.get(GATE)!.state).toBe('succeeded');
    // Each repair is a normal step in the log: started, succeeded.
    expect(events.filter((e) => e.type === 'step_started').map((e) => e.type === 'step_started' && e.data.step_id)).toEqual(['a', R1, R2]);
    expectValidEvents(events);
    expect(toRunRecord(state).counters).toMatchObject({ steps_total: 3, steps_succeeded: 3 });
  });

  it('stops after max_attempts: the gate fails for good, its dependents are skipped, the run says how many repairs it tried', async () => {
    const exec = createScriptedExecutor({ gate: gateUntil(99) });
    const bundle = repairBundle();
    bundle.workstreams.push({ ws_id: 'NEXT', depends_on: ['WS'], steps: [{ step_id: 'b', tool_profile_id: 'shell', context: { command: 'true' } }] });
    const { state } = await runBundle(bundle, exec);
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`, `${GATE}#2`, `${R2}#1`, `${GATE}#3`]);
    expect(exec.calls.filter((c) => c.startsWith(GATE))).toHaveLength(3); // max_attempts + 1 gate runs, never more
    expect(state.status).toBe('failed');
    expect(state.nodes.get(GATE)!.state).toBe('failed');
    expect(state.nodes.get('b')!.skip).toMatchObject({ cause: 'gate_failed', ref: GATE });
    expect(state.completion?.message).toContain('required gate failed: unit (after 2 repairs)');
  });

  it('skips the rounds it did not need when the gate passes at once, and counts none of them as steps', async () => {
    const exec = createScriptedExecutor();
    const { state } = await runBundle(repairBundle(), exec);
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`]);
    expect(state.status).toBe('succeeded');
    expect(state.nodes.get(R1)).toMatchObject({ state: 'skipped', skip: { cause: 'not_needed' } });
    expect(toRunRecord(state).counters).toMatchObject({ steps_total: 1, steps_skipped: 0 });
    expect(state.completion?.message).toBe('1 step done');
  });

  it('ends the loop when a repair fails: the gate fails with its own outcome, not the repair on_error', async () => {
    const exec = createScriptedExecutor({ gate: gateUntil(99), step: (t) => (t.node.id === R1 ? { ok: false, errorClass: 'permanent', message: 'cannot fix' } : { ok: true }) });
    const { state } = await runBundle(repairBundle(), exec, {});
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`]);
    expect(state.nodes.get(GATE)).toMatchObject({ state: 'failed', gate: { passed: false, exitCode: 1 } });
    expect(state.nodes.get(R2)!.state).toBe('skipped');
    expect(state.status).toBe('failed');
    expect(state.completion?.message).toBe('required gate failed: unit (after 1 repair)');
  });

  it('retries a repair that failed transiently, like any step', async () => {
    let first = true;
    const exec = createScriptedExecutor({
      gate: gateUntil(2),
      step: (t) => {
        if (t.node.id === R1 && first) {
          first = false;
          return { ok: false, errorClass: 'transient_error', message: 'flaky' };
        }
        return { ok: true };
      },
    });
    const { state } = await runBundle(repairBundle(), exec);
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`, `${R1}#2`, `${GATE}#2`]);
    expect(state.status).toBe('succeeded');
  });

  it('cannot exceed the budget: a repair is reserved from it like a step, and the run pauses before one it cannot pay', async () => {
    const exec = createScriptedExecutor({ gate: gateUntil(99), step: (t) => ({ ok: true, costUsd: t.node.id.includes('repair') ? 0.6 : 0 }) });
    const { state, events } = await runBundle(repairBundle({ estimate_cost_usd: 0.6 }, {}), exec, {}, undefined);
    expect(state.status).toBe('failed'); // no budget: both rounds run
    const capped = repairBundle({ estimate_cost_usd: 0.6 }, { max_cost_usd: 1 });
    const exec2 = createScriptedExecutor({ gate: gateUntil(99), step: (t) => ({ ok: true, costUsd: t.node.id.includes('repair') ? 0.6 : 0 }) });
    const run = await runBundle(capped, exec2);
    expect(exec2.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`, `${GATE}#2`]); // the second repair would spend 1.20 of 1.00
    expect(run.state.status).toBe('paused');
    expect(run.state.pause?.reason).toBe('budget');
    expect(run.events.find((e) => e.type === 'budget_exceeded')).toMatchObject({ data: { needed_usd: 0.6 } });
    expect(events.length).toBeGreaterThan(0);
  });

  it('is replayed alike: the fold of the log gives the same node states as the driver saw', async () => {
    const exec = createScriptedExecutor({ gate: gateUntil(2) });
    const { state, events } = await runBundle(repairBundle(), exec);
    const replay = fold(events);
    expect([...replay.nodes].map(([id, n]) => [id, n.state])).toEqual([...state.nodes].map(([id, n]) => [id, n.state]));
  });

  it('resumes a loop interrupted mid-repair: the abandoned repair runs again, then the gate', async () => {
    const interrupt = new AbortController();
    let stop = true;
    const exec = createScriptedExecutor({
      gate: gateUntil(2),
      step: (t) => {
        if (t.node.id === R1 && stop) {
          stop = false;
          interrupt.abort();
          return { ok: false, errorClass: 'canceled', message: 'interrupted' };
        }
        return { ok: true };
      },
    });
    const h = createHarness();
    const runId = await createRun({ bundle: repairBundle(), options: {}, origin: { kind: 'cli' } }, h);
    const first = await driveRun(runId, { ...h, executor: exec }, { signal: interrupt.signal });
    expect(first.status).toBe('running');
    expect(first.nodes.get(GATE)).toMatchObject({ state: 'pending', repairRound: 1 });
    const resumed = await driveRun(runId, { ...h, executor: exec });
    expect(resumed.status).toBe('succeeded');
    expect(exec.calls).toEqual(['a#1', `${GATE}#1`, `${R1}#1`, `${R1}#2`, `${GATE}#2`]);
    expectValidEvents(h.store.logs.get(runId)!);
  });

  it('stops a loop on cancel: the waiting gate and its repair are skipped', async () => {
    const h = createHarness();
    const runId = await createRun({ bundle: repairBundle(), options: {}, origin: { kind: 'cli' } }, h);
    const interrupt = new AbortController();
    const first = createScriptedExecutor({
      gate: gateUntil(99),
      step: (t) => (t.node.id === R1 ? (interrupt.abort(), { ok: false, errorClass: 'canceled', message: 'interrupted' }) : { ok: true }),
    });
    await driveRun(runId, { ...h, executor: first }, { signal: interrupt.signal });
    const s = fold(h.store.logs.get(runId)!);
    expect(s.nodes.get(R1)!.state).toBe('ready');
    expect(s.nodes.get(GATE)).toMatchObject({ state: 'pending', repairRound: 1 });
    await h.store.append(runId, [{ event_id: h.ids.newId(), run_id: runId, seq: s.seq + 1, ts: new Date(h.clock.now()).toISOString(), type: 'run_cancel_requested', data: {} }]);
    const exec = createScriptedExecutor();
    const end = await driveRun(runId, { ...h, executor: exec });
    expect(end.status).toBe('canceled');
    expect(exec.calls).toEqual([]);
    expect(end.nodes.get(GATE)!.state).toBe('skipped');
    expect(end.nodes.get(R1)!.state).toBe('skipped');
    expect(end.nodes.get(R2)!.state).toBe('skipped');
    expectValidEvents(h.store.logs.get(runId)!);
  });
});

describe('the repair loop in buildPlan', () => {
  const issuesOf = (b: WorkstreamBundle) => {
    const r = buildPlan(b);
    return r.ok ? [] : r.issues;
  };

  it('refuses a command for an AI tool and an instruction for shell, with pointers', () => {
    expect(issuesOf(repairBundle({ tool_profile_id: 'claude' }))).toEqual([
      { pointer: '/workstreams/0/test_gates/0/on_failure/repair/command', message: 'command is for a shell repair; tool claude takes an instruction' },
    ]);
    expect(issuesOf(repairBundle({ instruction: 'fix it' }))).toEqual([
      { pointer: '/workstreams/0/test_gates/0/on_failure/repair/instruction', message: 'instruction is for an AI tool; a shell repair runs its command' },
    ]);
    const noCommand = repairBundle();
    delete noCommand.workstreams[0]!.test_gates![0]!.on_failure!.repair!.command;
    expect(issuesOf(noCommand)[0]?.pointer).toBe('/workstreams/0/test_gates/0/on_failure/repair/command');
  });

  it('gives an AI repair a default instruction that names the gate command', () => {
    const b = repairBundle({ tool_profile_id: 'claude' });
    delete b.workstreams[0]!.test_gates![0]!.on_failure!.repair!.command;
    const built = buildPlan(b);
    expect(built.ok && built.plan.nodes.get(R1)!.step!.context!.instruction).toContain('`npm test` exits 0');
  });

  it('refuses a repair on a bundle-level gate, and a step whose id a repair takes', () => {
    const bundleGate = bundleOf([{ id: 'a' }], {}, { test_gates: [{ gate_id: 'g', type: 'GATE_TEST', command: 'x', on_failure: { repair: { tool_profile_id: 'claude', max_attempts: 1 } } }] });
    expect(issuesOf(bundleGate)[0]).toMatchObject({ pointer: '/test_gates/0/on_failure/repair', message: expect.stringContaining('bundle-level gate') });
    const clash = repairBundle();
    clash.workstreams[0]!.steps.push({ step_id: R2, tool_profile_id: 'shell', context: { command: 'true' } });
    expect(issuesOf(clash)[0]).toMatchObject({ pointer: '/workstreams/0/test_gates/0/on_failure/repair', message: expect.stringContaining(`"${R2}" is the id of a step`) });
  });
});
