import { checkPhaseConstraints } from '../contracts/check-phase-constraints.js';
import type { BootstrapAutoFix, BootstrapValidationIssue, Constraints, PhaseSpec, ProfileExtension, TestGate } from '../contracts/index.js';
import { findMissingExecutable, type CommandEnvironment } from './find-missing-executable.js';

export interface FixResult {
  readonly errors: BootstrapValidationIssue[];
  readonly warnings: BootstrapValidationIssue[];
  readonly fixes: BootstrapAutoFix[];
}

const CLAMPABLE = new Set(['max_lines_changed', 'max_files_changed', 'max_line_length', 'patch_only', 'tests_must_pass', 'ascii_only', 'require_approval', 'backwards_compatible', 'allow_binary', 'allow_deletions']);

/** Sets each relaxed constraint of the phase back to its profile's value, and restores dropped forbidden paths. */
function clampConstraints(phase: PhaseSpec, profile: ProfileExtension, path: string, out: FixResult): void {
  const constraints: Constraints = { ...phase.constraints };
  const ceiling = profile.adds_constraints as Record<string, unknown>;
  for (const issue of checkPhaseConstraints(phase, profile)) {
    const field = /^\/constraints\/(\w+)$/.exec(issue.pointer)?.[1];
    if (field && CLAMPABLE.has(field)) {
      const from = (constraints as Record<string, unknown>)[field];
      (constraints as Record<string, unknown>)[field] = ceiling[field];
      out.fixes.push({ path, pointer: issue.pointer, description: `${field} ${JSON.stringify(from)} relaxed profile ${profile.profile_id}; clamped to ${JSON.stringify(ceiling[field])}` });
    } else if (field === 'forbidden_paths') {
      constraints.forbidden_paths = [...new Set([...(constraints.forbidden_paths ?? []), ...(profile.adds_constraints.forbidden_paths ?? [])])];
      out.fixes.push({ path, pointer: issue.pointer, description: `restored the forbidden paths of profile ${profile.profile_id}` });
    }
  }
  if (phase.constraints !== undefined || Object.keys(constraints).length) phase.constraints = constraints;
  for (const issue of checkPhaseConstraints(phase, profile))
    out.errors.push({ path, pointer: issue.pointer, message: `relaxes profile ${profile.profile_id}: ${issue.message}` });
}

/** Drops gates whose command cannot run here; returns the ids dropped. */
function dropMissingGates(gates: TestGate[] | undefined, at: string, path: string, env: CommandEnvironment, out: FixResult): string[] {
  const dropped: string[] = [];
  if (!gates) return dropped;
  for (let i = gates.length - 1; i >= 0; i--) {
    const g = gates[i]!;
    const missing = findMissingExecutable(g.command, env);
    if (missing === undefined) continue;
    gates.splice(i, 1);
    dropped.push(g.gate_id ?? `${g.type.toLowerCase()}-${i}`);
    out.warnings.push({ path, pointer: `${at}/${i}`, message: `gate ${JSON.stringify(g.command)} needs ${missing}, which is neither on PATH nor in the repository` });
    out.fixes.push({ path, pointer: `${at}/${i}`, description: `dropped the gate ${JSON.stringify(g.command)} (${missing} is missing)` });
  }
  return dropped;
}

/**
 * A workstream of gates only (the baseline phase) exists to run its checks: a check that cannot run here is kept, so
 * that the run reports it failing, and a warning names what to install.
 */
function warnMissingGates(gates: TestGate[] | undefined, at: string, path: string, env: CommandEnvironment, out: FixResult): void {
  (gates ?? []).forEach((g, i) => {
    const missing = findMissingExecutable(g.command, env);
    if (missing !== undefined)
      out.warnings.push({ path, pointer: `${at}/${i}`, message: `gate ${JSON.stringify(g.command)} needs ${missing}, which is neither on PATH nor in the repository: it will fail until ${missing} is installed` });
  });
}

/**
 * The validation engine's safe fixes for one phase, applied in place and reported one by one: a constraint that
 * relaxes the profile is clamped to the profile's value, and a gate whose executable is missing is dropped (a
 * custom acceptance expression naming it falls back to mode all), except from a workstream of gates only. What cannot be fixed becomes an error; task
 * commands with a missing executable become warnings.
 */
export function fixPhase(phase: PhaseSpec, profile: ProfileExtension, path: string, env: CommandEnvironment): FixResult {
  const out: FixResult = { errors: [], warnings: [], fixes: [] };
  clampConstraints(phase, profile, path, out);
  const dropped = dropMissingGates(phase.acceptance?.gates, '/acceptance/gates', path, env, out);
  const expression = phase.acceptance?.custom_expression;
  if (phase.acceptance && expression !== undefined && dropped.some((id) => new RegExp(`\\b${id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\b`).test(expression))) {
    phase.acceptance.mode = 'all';
    delete phase.acceptance.custom_expression;
    out.fixes.push({ path, pointer: '/acceptance/mode', description: `the custom expression named a dropped gate; acceptance is now mode all` });
  }
  phase.workstreams?.forEach((ws, i) => {
    if (ws.tasks?.length || ws.task_refs?.length) dropMissingGates(ws.test_gates, `/workstreams/${i}/test_gates`, path, env, out);
    else warnMissingGates(ws.test_gates, `/workstreams/${i}/test_gates`, path, env, out);
    ws.tasks?.forEach((t, j) => {
      for (const [key, command] of [['command', t.command], ['validation/test_command', t.validation?.test_command]] as const) {
        const missing = command === undefined ? undefined : findMissingExecutable(command, env);
        if (missing !== undefined)
          out.warnings.push({ path, pointer: `/workstreams/${i}/tasks/${j}/${key}`, message: `task ${t.task_id} runs ${JSON.stringify(command)}, which needs ${missing}` });
      }
    });
  });
  if (phase.constraints?.tests_must_pass && !(phase.acceptance?.gates ?? []).some((g) => g.type === 'GATE_TEST') && dropped.length)
    out.warnings.push({ path, pointer: '/acceptance/gates', message: 'tests_must_pass is true but no test gate is left: install the test runner and run bootstrap again' });
  return out;
}
