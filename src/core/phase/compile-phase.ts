import type { PhaseSpec, Step, TaskSpec, Workstream, WorkstreamBundle, WorkstreamSpec } from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import { constraintsToPolicy } from './constraints-to-policy.js';

/** Workstream and task specs kept as separate documents, by id (framework_paths.workstreams and .tasks). */
export interface PhaseRefs {
  readonly workstreams?: ReadonlyMap<string, WorkstreamSpec>;
  readonly tasks?: ReadonlyMap<string, TaskSpec>;
}

export type CompileResult =
  | { ok: true; bundle: WorkstreamBundle; notes: string[] }
  | { ok: false; issues: DocumentIssue[] };

/** T with undefined allowed in every optional property. */
type Loose<T> = { [K in keyof T]: T[K] | undefined };

/** Drops undefined values (exactOptionalPropertyTypes forbids them) and empty objects. */
function compact<T extends object>(value: Loose<T>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** task_spec → bundle step (schema/task_spec.v1.json documents the mapping). */
export function compileTask(t: TaskSpec): Step {
  const exec = t.execution;
  const resilience = exec && compact<NonNullable<Step['resilience']>>({ max_retries: exec.max_attempts === undefined ? undefined : exec.max_attempts - 1, ...exec.retry });
  return compact<Step>({
    step_id: t.task_id,
    name: t.name,
    tool_profile_id: t.tool_profile_id,
    depends_on: t.depends_on,
    parallel_ok: t.allow_parallel,
    estimate_seconds: t.estimate_seconds,
    estimate_cost_usd: t.estimate_cost_usd,
    timeout_seconds: exec?.timeout_seconds,
    deadline_seconds: exec?.deadline_seconds,
    context: compact<NonNullable<Step['context']>>({ files: t.files, create_files: t.create_files, instruction: t.instruction, command: t.command, env: t.env }),
    validation: t.validation,
    ...(t.constraint_delta ? { patch_policy: constraintsToPolicy(t.constraint_delta).policy } : {}),
    ...(resilience && Object.keys(resilience).length ? { resilience } : {}),
  });
}

function compileWorkstream(ws: WorkstreamSpec, tasks: TaskSpec[]): Workstream {
  return compact<Workstream>({
    ws_id: ws.ws_id,
    name: ws.name,
    description: ws.description,
    kind: ws.kind,
    priority: ws.priority,
    depends_on: ws.depends_on,
    estimated_context_tokens: ws.estimated_context_tokens,
    max_cost_usd: ws.max_cost_usd,
    on_budget_exceeded: ws.on_budget_exceeded,
    circuit_breaker: ws.circuit_breaker,
    on_error: ws.on_error,
    max_parallel: ws.max_parallel,
    test_gates: ws.test_gates,
    completion_criteria: ws.completion_criteria,
    steps: tasks.map(compileTask),
  });
}

/**
 * Compiles a phase_spec, with its workstream and task specs, to a workstream bundle (ADR 0003): phase_id →
 * bundle_id, name → bundle_name, max_parallel, max_cost_usd and on_budget_exceeded as they are, acceptance.gates →
 * test_gates; each workstream spec → a bundle workstream (on_error, max_parallel, circuit_breaker, gates, budget,
 * depends_on);
 * each task → a step (depends_on kept, allow_parallel → parallel_ok, execution → timeout and resilience).
 * References (workstream_refs, task_refs) are resolved from `refs`; an unknown one, or an inline workstream of
 * another phase, is an issue. Constraints become patch policies (the phase's on the bundle, a task's constraint_delta on its
 * step; constraints-to-policy). What a bundle has no place for (require_approval, resource scope, phase
 * depends_on, acceptance mode any/custom) is listed in `notes`. Pure; validate the bundle next.
 */
export function compilePhase(phase: PhaseSpec, refs: PhaseRefs = {}): CompileResult {
  const issues: DocumentIssue[] = [];
  const notes: string[] = [];
  const specs: WorkstreamSpec[] = [...(phase.workstreams ?? [])];
  (phase.workstream_refs ?? []).forEach((id, i) => {
    const ws = refs.workstreams?.get(id);
    if (ws) specs.push(ws);
    else issues.push({ pointer: `/workstream_refs/${i}`, message: `unknown workstream "${id}": no workstream_spec with this ws_id was found` });
  });
  const workstreams = specs.map((ws, i) => {
    if (ws.phase_id !== undefined && ws.phase_id !== phase.phase_id)
      issues.push({ pointer: `/workstreams/${i}/phase_id`, message: `workstream ${ws.ws_id} belongs to phase ${ws.phase_id}, not ${phase.phase_id}` });
    const tasks = [...(ws.tasks ?? [])];
    (ws.task_refs ?? []).forEach((id, j) => {
      const t = refs.tasks?.get(id);
      if (t) tasks.push(t);
      else issues.push({ pointer: `/workstreams/${i}/task_refs/${j}`, message: `unknown task "${id}": no task_spec with this task_id was found` });
    });
    return compileWorkstream(ws, tasks);
  });
  if (!workstreams.length) issues.push({ pointer: '/workstreams', message: 'the phase has no workstreams: nothing to run' });
  if (issues.length) return { ok: false, issues };
  const testGate = phase.acceptance?.gates?.find((g) => g.type === 'GATE_TEST')?.command;
  const carried = phase.constraints ? constraintsToPolicy(phase.constraints, testGate) : undefined;
  if (carried?.notCarried.length) notes.push(`${carried.notCarried.join(' and ')}: no mechanical check in a bundle; a person enforces them`);
  if (phase.resource_scope) notes.push('resource_scope is not part of the bundle: tasks keep their files and create_files as step context');
  if ((phase.depends_on ?? []).length) notes.push(`depends_on ${phase.depends_on?.join(', ')}: phases are ordered by whoever runs them`);
  if (phase.acceptance && phase.acceptance.mode !== 'all') notes.push(`acceptance mode ${phase.acceptance.mode} is reported, not enforced: every gate runs as a test gate`);
  const bundle = compact<WorkstreamBundle>({
    bundle_id: phase.phase_id,
    bundle_name: phase.name,
    description: phase.description,
    version: phase.version,
    max_parallel: phase.max_parallel,
    max_cost_usd: phase.max_cost_usd,
    on_budget_exceeded: phase.on_budget_exceeded,
    test_gates: phase.acceptance?.gates,
    patch_policy: carried && Object.keys(carried.policy).length ? carried.policy : undefined,
    workstreams,
  });
  return { ok: true, bundle, notes };
}
