import type { Plan, PlanNode } from '../bundle/build-plan.js';
import { STEP_DEFAULTS } from '../bundle/defaults.js';
import type { Constraints, PromptSections } from '../contracts/index.js';
import { renderGateFailure, type GateFailure } from './render-gate-failure.js';

/** Paths no change may touch whatever a policy says (patch_policy.v1.json); always stated to the tool. */
export const ALWAYS_FORBIDDEN = ['.git/**', '.github/workflows/**', '.uet/**'] as const;

export interface PromptSource {
  readonly node: PlanNode;
  readonly plan: Plan;
  readonly attempt: number;
  /** The project's constraints in force (run options), if any. */
  readonly constraints?: Constraints;
  /** Why the previous attempt failed, told to a retry. */
  readonly previousError?: { errorClass: string; message: string };
  /** A repair round: the failure of the gate it repairs. */
  readonly gateFailure?: GateFailure;
  /** The repository's agent instructions (AGENTS.md…, run options): the same for every tool, at the end of CONTEXT. */
  readonly instructions?: { readonly path: string; readonly text: string };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const list = (xs: readonly string[]) => xs.join(', ');

function objective(node: PlanNode): string {
  const ctx = node.step?.context;
  const name = node.step?.name?.trim();
  const instruction = ctx?.instruction?.trim();
  if (instruction) return name ? `${name}: ${instruction}` : instruction;
  if (ctx?.command) return `${name ? `${name}: ` : ''}make the command \`${ctx.command}\` succeed.`;
  return name ? `${name}.` : `Carry out step ${node.id}.`;
}

function context(s: PromptSource): string {
  const { node, plan } = s;
  const lines: string[] = [];
  const b = plan.bundle;
  lines.push(`Plan: ${b.bundle_name ?? b.bundle_id}${b.description ? ` (${b.description})` : ''}.`);
  const ws = node.wsId !== null ? plan.workstreams.get(node.wsId) : undefined;
  if (ws)
    lines.push(
      `Workstream ${ws.ws_id}${ws.name ? `, ${ws.name}` : ''}${ws.description ? `: ${ws.description}` : ''}.`,
    );
  const after = (node.step?.depends_on ?? []).map((d) => {
    const n = plan.nodes.get(d)?.step?.name;
    return n ? `${d} (${n})` : d;
  });
  if (after.length) lines.push(`It builds on the finished steps ${list(after)}.`);
  if (ws?.completion_criteria?.length)
    lines.push(`The workstream is done when: ${ws.completion_criteria.join('; ')}.`);
  if (node.step?.context?.command && node.step.context.instruction)
    lines.push(`The step's command: \`${node.step.context.command}\`.`);
  if (s.gateFailure) lines.push(renderGateFailure(s.gateFailure));
  if (s.previousError && s.attempt > 1)
    lines.push(
      `This is attempt ${s.attempt}; the previous one failed (${s.previousError.errorClass}): ${clip(s.previousError.message.replace(/\s+/g, ' '), 400)}`,
    );
  if (s.instructions)
    lines.push(
      `The repository's instructions for agents (${s.instructions.path}), to follow:\n<<<\n${s.instructions.text.trimEnd()}\n>>>`,
    );
  return lines.join('\n');
}

function constraints(s: PromptSource): string {
  const c = s.constraints ?? {};
  const lines: string[] = [];
  if (c.max_files_changed !== undefined) lines.push(`Change at most ${c.max_files_changed} files.`);
  if (c.max_lines_changed !== undefined)
    lines.push(`Change at most ${c.max_lines_changed} lines in all (insertions plus deletions).`);
  if (c.max_line_length !== undefined)
    lines.push(`Keep changed lines to ${c.max_line_length} characters or fewer.`);
  lines.push(`Do not touch ${list([...new Set([...ALWAYS_FORBIDDEN, ...(c.forbidden_paths ?? [])])])}.`);
  if (c.allowed_paths?.length) lines.push(`Change only paths matching ${list(c.allowed_paths)}.`);
  if (c.ascii_only) lines.push('Use ASCII characters only in the lines you change.');
  if (c.tests_must_pass) {
    const v = s.node.step?.validation?.test_command;
    lines.push(
      v ? `The tests must pass: \`${v}\` runs on your change.` : 'The tests must pass after your change.',
    );
  }
  if (c.allow_deletions === false) lines.push('Do not delete files.');
  if (c.allow_binary === false) lines.push('Do not add or change binary files.');
  if (c.backwards_compatible) lines.push('Keep the change backwards compatible for existing users.');
  if (c.require_approval) lines.push('A person reviews the change before it is applied.');
  return lines.map((l) => `- ${l}`).join('\n');
}

function filesScope(node: PlanNode): string {
  const ctx = node.step?.context;
  const lines: string[] = [];
  if (ctx?.files?.length) lines.push(`Change: ${list(ctx.files)}`);
  if (ctx?.create_files?.length) lines.push(`Create: ${list(ctx.create_files)}`);
  if (!lines.length) lines.push('No files are named: change only what the objective needs.');
  return lines.join('\n');
}

function outputSpec(node: PlanNode): string {
  const lines = [
    'Edit the files in place in the current directory. Do not commit, push or switch branches: UET commits your change.',
  ];
  const v = node.step?.validation;
  if (v)
    lines.push(
      `Your change is checked with \`${v.test_command}\`, which must exit with ${v.expected_exit_code ?? STEP_DEFAULTS.expected_exit_code}.`,
    );
  lines.push('Reply with a one-line summary of the change.');
  return lines.join('\n');
}

/**
 * The five sections of a step's prompt (prompt_instance.v1.json): OBJECTIVE from its name and instruction,
 * CONTEXT from the plan, its workstream, dependencies and a previous failure, CONSTRAINTS from the project's
 * constraints (plus the always-forbidden paths), FILES_SCOPE from files/create_files and OUTPUT_SPEC from its
 * validation. Pure.
 */
export function buildPromptSections(s: PromptSource): PromptSections {
  return {
    OBJECTIVE: objective(s.node),
    CONTEXT: context(s),
    CONSTRAINTS: constraints(s),
    FILES_SCOPE: filesScope(s.node),
    OUTPUT_SPEC: outputSpec(s.node),
  };
}
