import type { GateRepair, Step, TestGate, WorkstreamBundle } from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import { STEP_DEFAULTS } from './defaults.js';

/** What a repair node repairs: its gate, which round of the loop it is, and how many the loop allows. */
export interface RepairOf {
  /** The gate's node id (gate:<ws_id>:<gate_id>). */
  readonly gateNodeId: string;
  readonly round: number;
  readonly maxAttempts: number;
}

/** The tool that runs a command as it is (the only one that takes a repair's `command`). */
export const SHELL_TOOL = 'shell';

/** Longest slug_id (defs.v1.json): a repair's node id is a step id, so it must be one. */
const SLUG_MAX = 128;

/**
 * The node id of round `round` of a gate's repair loop: `<ws_id>.<gate_id>.repair-<round>`. It is a plain step id
 * (slug_id), so a repair is dispatched, claimed, branched, checked and recorded like any step; buildPlan refuses a
 * bundle whose step ids would collide with one. Pure.
 */
export const repairNodeId = (wsId: string, gateId: string, round: number) => `${wsId}.${gateId}.repair-${round}`;

/** The default instruction of an AI repair: make the gate pass without weakening it. */
export function defaultRepairInstruction(gate: Pick<TestGate, 'command'>): string {
  return `Make the failing gate pass: change the code so that \`${gate.command}\` exits 0. Do not weaken, skip or delete the checks it runs.`;
}

/**
 * The step a repair round runs: a normal step of the gate's workstream, with the repair's tool, its command (shell)
 * or instruction (AI tools), estimate and timeout. It depends on nothing in the plan's DAG: the fold makes it ready
 * when its gate fails (fold-repairs.ts). Pure.
 */
export function buildRepairStep(gate: { gate_id: string; command: string; name?: string }, repair: GateRepair, id: string, round: number): Step {
  const shell = repair.tool_profile_id === SHELL_TOOL;
  return {
    step_id: id,
    name: `Repair gate ${gate.name ?? gate.gate_id} (${round} of ${repair.max_attempts})`,
    tool_profile_id: repair.tool_profile_id,
    context: shell && repair.command !== undefined ? { command: repair.command } : { instruction: repair.instruction ?? defaultRepairInstruction(gate) },
    ...(repair.estimate_cost_usd !== undefined ? { estimate_cost_usd: repair.estimate_cost_usd } : {}),
    ...(repair.timeout_seconds !== undefined ? { timeout_seconds: repair.timeout_seconds } : {}),
  };
}

/** The repair rounds' ids of every workstream gate that declares one, by gate index: for the checks below. */
function repairIdsOf(wsId: string, gateId: string, repair: GateRepair): string[] {
  return Array.from({ length: repair.max_attempts }, (_v, i) => repairNodeId(wsId, gateId, i + 1));
}

/**
 * What a schema cannot check of the repair loops: a bundle-level gate cannot have one (a repair is a step of a
 * workstream: its budget, breaker and patch policy), `command` is for shell only and shell needs it, `instruction`
 * is for AI tools only, and a repair's step id must be a valid, unused step id. `gateIds` are the normalized gate ids
 * of each workstream (by index), as buildPlan computes them. Pure.
 */
export function checkGateRepairs(bundle: WorkstreamBundle, gateIds: ReadonlyMap<string, readonly string[]>, stepIds: ReadonlySet<string>): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  (bundle.test_gates ?? []).forEach((g, gi) => {
    if (g.on_failure?.repair)
      issues.push({
        pointer: `/test_gates/${gi}/on_failure/repair`,
        message: 'a bundle-level gate cannot have a repair loop: a repair is a step of a workstream (its budget, circuit breaker and patch policy); declare the gate in the test_gates of a workstream (a workstream may have gates only)',
      });
  });
  const taken = new Map<string, string>();
  bundle.workstreams.forEach((ws, wi) => {
    (ws.test_gates ?? []).forEach((g, gi) => {
      const repair = g.on_failure?.repair;
      if (!repair) return;
      const at = `/workstreams/${wi}/test_gates/${gi}/on_failure/repair`;
      const shell = repair.tool_profile_id === SHELL_TOOL;
      if (shell && repair.command === undefined)
        issues.push({ pointer: `${at}/command`, message: 'a shell repair needs a command: the bash command that repairs (such as a formatter)' });
      if (!shell && repair.command !== undefined)
        issues.push({ pointer: `${at}/command`, message: `command is for a shell repair; tool ${repair.tool_profile_id} takes an instruction` });
      if (shell && repair.instruction !== undefined)
        issues.push({ pointer: `${at}/instruction`, message: 'instruction is for an AI tool; a shell repair runs its command' });
      const gateId = gateIds.get(ws.ws_id)?.[gi] ?? g.gate_id ?? '';
      for (const id of repairIdsOf(ws.ws_id, gateId, repair)) {
        const bad =
          id.length > SLUG_MAX
            ? `its repair step id "${id.slice(0, 40)}…" would be longer than ${SLUG_MAX} characters: shorten the ws_id or the gate_id`
            : id.includes('..')
              ? `its repair step id "${id}" would hold "..", which git refuses in a branch name: do not end the ws_id or the gate_id with "."`
              : stepIds.has(id)
                ? `its repair step id "${id}" is the id of a step: rename that step`
                : taken.has(id)
                  ? `its repair step id "${id}" is also a repair step id of ${taken.get(id)}: rename one of the gates`
                  : undefined;
        if (bad) {
          issues.push({ pointer: at, message: `gate ${gateId} of workstream ${ws.ws_id}: ${bad}` });
          break;
        }
        taken.set(id, `gate ${gateId} of workstream ${ws.ws_id}`);
      }
    });
  });
  return issues;
}

/** The estimate of a repair round: the repair's timeout when it is shorter than the default estimate. */
export function repairEstimateSeconds(repair: GateRepair, defaultEstimate: number): number {
  return Math.min(defaultEstimate, repair.timeout_seconds ?? STEP_DEFAULTS.timeout_seconds);
}
