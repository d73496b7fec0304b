import type { CheckAnnotation, CheckRunSpec } from '../../adapters/github/check-runs.js';
import { checkCommitOf, type RunEvent, type RunState } from '../../core/run/index.js';
import { cell, code, duration, table, usd } from './markdown.js';
import { summarizePatches } from './patch-events.js';

export const nodeCheckName = (state: RunState, nodeId: string) => {
  const p = state.plan.nodes.get(nodeId)!;
  return p.kind === 'gate' ? `UET gate ${p.wsId ?? 'bundle'}/${p.gate!.gate_id}` : `UET step ${nodeId}`;
};

export const nodeExternalId = (runId: string, nodeId: string, attempt: number) =>
  `${runId}:${nodeId}:${attempt}`;

/** The run, node and attempt of a UET check run's external id (`<run_id>` for the run check). */
export function parseExternalId(
  id: string | null | undefined,
): { runId: string; nodeId?: string; attempt?: number } | undefined {
  const m = /^([0-9A-HJKMNP-TV-Z]{26})(?::(.+):(\d+))?$/.exec(id ?? '');
  if (!m) return undefined;
  return { runId: m[1]!, ...(m[2] !== undefined ? { nodeId: m[2], attempt: Number(m[3]) } : {}) };
}

/**
 * The check run of one finished node attempt, created once with its conclusion: a summary table, the error, the
 * policy findings of its patches as annotations, and a retry button when it failed.
 */
export function buildNodeCheck(
  state: RunState,
  events: readonly RunEvent[],
  nodeId: string,
  attempt: number,
  detailsUrl?: string,
): CheckRunSpec {
  const p = state.plan.nodes.get(nodeId)!;
  const n = state.nodes.get(nodeId)!;
  const base = {
    name: nodeCheckName(state, nodeId),
    headSha: checkCommitOf(state, nodeId, attempt),
    externalId: nodeExternalId(state.runId, nodeId, attempt),
    status: 'completed' as const,
    ...(detailsUrl ? { detailsUrl } : {}),
  };
  if (p.kind === 'gate') {
    const g = n.gate;
    const passed = g?.passed === true;
    const conclusion = passed ? 'success' : p.gate!.required ? 'failure' : 'neutral';
    return {
      ...base,
      conclusion,
      title: passed ? 'Gate passed' : `Gate failed${p.gate!.blocking ? ' (blocking)' : ''}`,
      summary: table(
        ['Gate', 'Type', 'Command', 'Exit', 'Duration'],
        [
          [
            cell(p.gate!.gate_id),
            cell(p.gate!.type),
            `${code(p.gate!.command, 100)}`,
            String(g?.exitCode ?? '—'),
            duration(g?.durationMs),
          ],
        ],
      ),
      ...(g?.outputTail ? { text: `\`\`\`\n${g.outputTail.replace(/```/g, "'''")}\n\`\`\`` } : {}),
      ...(passed
        ? {}
        : {
            actions: [{ label: 'Re-run gate', identifier: 'rerun_gate', description: 'Run this gate again' }],
          }),
    };
  }
  const a = [...state.attempts].reverse().find((x) => x.stepId === nodeId && x.attempt === attempt);
  const ok = a?.state === 'succeeded';
  const conclusion = ok
    ? 'success'
    : a?.errorClass === 'canceled'
      ? 'cancelled'
      : a?.errorClass === 'timeout'
        ? 'timed_out'
        : a?.state === 'abandoned'
          ? 'neutral'
          : 'failure';
  const retry =
    n.state === 'retry_wait' && n.retryAt !== undefined
      ? ` — retrying at ${new Date(n.retryAt).toISOString()}`
      : '';
  const patches = summarizePatches(events).filter((x) => x.stepId === nodeId);
  const annotations: CheckAnnotation[] = patches
    .filter((x) => x.state === 'quarantined' || x.state === 'rejected')
    .flatMap((x) =>
      (x.paths.length ? x.paths : ['.']).map((path) => ({
        path,
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure' as const,
        title: `patch ${x.state}`,
        message: x.reasons.join('; ') || `patch ${x.patchId} was ${x.state}`,
      })),
    );
  const rows = [
    [
      `${code(nodeId, 64)}`,
      String(attempt),
      `${code(a?.toolId ?? '—', 32)}`,
      ok ? 'succeeded' : cell(a?.errorClass ?? a?.state ?? 'unknown'),
      duration(a?.durationMs),
      usd(a?.costUsd),
    ],
  ];
  const patchTable = patches.length
    ? `\n\n${table(
        ['Patch', 'State', 'Paths', 'Reasons'],
        patches.map((x) => [
          `\`${x.patchId}\``,
          x.state,
          cell(x.paths.join(', '), 200),
          cell(x.reasons.join('; '), 200),
        ]),
      )}`
    : '';
  return {
    ...base,
    conclusion,
    title: ok ? 'Step succeeded' : `Step failed: ${a?.errorClass ?? 'unknown'}${retry}`.slice(0, 255),
    summary: `${table(['Step', 'Attempt', 'Tool', 'Result', 'Duration', 'Cost'], rows)}${a?.message && !ok ? `\n\n> ${cell(a.message, 2000)}` : ''}${patchTable}`,
    ...(annotations.length ? { annotations } : {}),
    ...(ok
      ? {}
      : { actions: [{ label: 'Retry step', identifier: 'retry_step', description: 'Run this step again' }] }),
  };
}
