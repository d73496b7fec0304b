import { narrowConstraints } from '../contracts/check-phase-constraints.js';
import type { Constraints, PhaseSpec, TestGate } from '../contracts/index.js';
import { toolOfCommand } from './derive-gates.js';
import { KNOWN_TOOLS } from './known-tools.js';

/** One command of a template replaced by the project's own. */
export interface GateReplacement {
  readonly pointer: string;
  readonly from: string;
  readonly to: string;
}

/** A deep copy of a JSON value. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Instantiates a profile's phase template for the project: every gate command (acceptance gates, workstream
 * gates, task validations) that is a tool's generic invocation is replaced by the project's command for the
 * same tool, as CI or the configuration runs it (`pytest -q` becomes `pytest -q tests` when CI runs
 * `uv run pytest -q tests`); commands with arguments of their own are kept. Then
 * the phase's constraints are narrowed with the project's (never relaxed). Pure.
 */
export function instantiatePhase(
  template: PhaseSpec,
  gates: readonly TestGate[],
  projectConstraints: Constraints,
): { phase: PhaseSpec; replacements: GateReplacement[] } {
  const phase = clone(template);
  const replacements: GateReplacement[] = [];
  const byTool = new Map<string, string>();
  for (const g of gates) if (!byTool.has(toolOfCommand(g.command))) byTool.set(toolOfCommand(g.command), g.command);
  // Only a template's generic invocation (the tool's default command) is replaced; one with its own arguments
  // (pytest -q --doctest-modules src) says something the project's command does not.
  const generic = (command: string) => Object.values(KNOWN_TOOLS).some((t) => t.command === command);
  const replace = (command: string, pointer: string): string => {
    const mine = byTool.get(toolOfCommand(command));
    if (mine === undefined || mine === command || !generic(command)) return command;
    replacements.push({ pointer, from: command, to: mine });
    return mine;
  };
  const fixGates = (list: TestGate[] | undefined, at: string) =>
    list?.forEach((g, i) => {
      g.command = replace(g.command, `${at}/${i}/command`);
    });
  fixGates(phase.acceptance?.gates, '/acceptance/gates');
  phase.workstreams?.forEach((ws, i) => {
    fixGates(ws.test_gates, `/workstreams/${i}/test_gates`);
    ws.tasks?.forEach((t, j) => {
      if (t.validation) t.validation.test_command = replace(t.validation.test_command, `/workstreams/${i}/tasks/${j}/validation/test_command`);
    });
  });
  const narrowed = narrowConstraints(phase.constraints ?? {}, projectConstraints, [`phase ${phase.phase_id}`, 'the project profile']);
  if (narrowed.ok) phase.constraints = narrowed.constraints;
  return { phase, replacements };
}
