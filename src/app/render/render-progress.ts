import { awaitingApproval, buildCostReport, renderMermaid, type RunState, type RunStatusView } from '../../core/run/index.js';
import { renderCost } from './render-cost.js';
import { BODY_LIMIT, cell, code, duration, fitBody, prose, table, usd } from './markdown.js';
import { RUN_MARK, STATE_MARK } from './state-marks.js';
import { describeApprovers } from '../run/approval-check.js';
import type { LockBlocker } from '../../core/lock/index.js';

export interface ProgressLinks {
  /** Workflow run URLs known for node attempts (from dispatches and completions). */
  readonly nodes?: ReadonlyMap<string, string>;
  /** The UET workflow's runs page. */
  readonly workflow?: string;
  readonly resultPr?: { readonly number: number; readonly url: string };
  /** Why there is no result PR, when the run ended without one. */
  readonly noPrReason?: string;
  /** A fork run's result, waiting for a writer's `/uet approve <sha>` before it reaches a branch. */
  readonly awaitingApproval?: { readonly sha: string; readonly ref: string };
  /** A follow-up run's result, pushed to the pull request's head branch. */
  readonly pushed?: { readonly branch: string; readonly sha: string };
  /** The run is queued for the lock of its base branch (ADR 0024): behind these runs, or a table that is not UET's. */
  readonly lockWait?: { readonly base: string; readonly blockers: readonly LockBlocker[]; readonly foreign?: string };
}

/**
 * The body of a run's sticky progress comment: headline, workstream checklist with step states and links, gates,
 * cost against budget, ETA, the result at the end, and the DAG as a Mermaid diagram coloured by state.
 */
export function renderProgress(state: RunState, view: RunStatusView, links: ProgressLinks = {}): string {
  const o = state.origin;
  const head = [
    `### UET run \`${view.run_id}\` — ${RUN_MARK[view.state] ?? view.state}`,
    '',
    [
      `**${cell(view.bundle_name ?? view.bundle_id, 80)}**`,
      `${view.completed}/${view.total} steps done (${view.succeeded} succeeded)`,
      `cost ${usd(view.cost.spent_usd)}${view.cost.budget_usd !== null ? ` of ${usd(view.cost.budget_usd)}` : ''}`,
      view.eta_ms !== null && view.eta_ms > 0 ? `ETA ${duration(view.eta_ms)}` : undefined,
      o.sha ? `on \`${o.sha.slice(0, 7)}\`` : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
  ];
  if (view.message) head.push('', `> ${prose(view.message)}`);
  const followUp = state.options.push_branch !== undefined;
  if (state.options.parent_run_id !== undefined)
    head.push('', `Follows run \`${state.options.parent_run_id}\`.`);
  if (links.pushed)
    head.push(
      '',
      `**Pushed:** \`${links.pushed.sha.slice(0, 12)}\` to ${code(links.pushed.branch, 100)}, a fast-forward of this pull request's branch — review it; nothing is merged automatically.`,
    );
  else if (links.resultPr)
    head.push('', `**Result:** #${links.resultPr.number} — review it; nothing is merged automatically.`);
  else if (links.noPrReason)
    head.push('', `**${followUp ? 'Not pushed' : 'No result PR'}:** ${prose(links.noPrReason, 700)}`);
  else if (links.awaitingApproval) {
    const a = links.awaitingApproval;
    head.push(
      '',
      `**Waiting for approval.** This run worked on a fork's code, so its result is kept off every branch (no workflow runs on it): commit \`${a.sha}\` on \`${a.ref}\`. Review it (\`git fetch origin ${a.ref}\`, then \`git diff ${o.sha?.slice(0, 12) ?? ''} FETCH_HEAD\`), then a collaborator with write access comments \`/uet approve ${a.sha}\` to open the result PR.`,
    );
  }
  if (state.status === 'paused') head.push('', 'Comment `/uet retry` to resume, or `/uet cancel`.');
  if (links.lockWait) {
    const w = links.lockWait;
    head.push(
      '',
      w.foreign !== undefined
        ? `**Queued for the lock of ${code(w.base, 100)}:** its lock table is not UET's (${prose(w.foreign, 200)}); nothing starts until a writer comments \`/uet unlock --reset ${w.base}\`.`
        : `**Queued for the lock of ${code(w.base, 100)}:** behind ${w.blockers.map((b) => `run \`${b.run_id}\` (${b.state === 'held' ? 'running' : 'queued'}; may write ${b.overlap.slice(0, 3).map((g) => code(g, 80)).join(', ')})`).join(', ')}. It starts when ${w.blockers.length > 1 ? 'they end' : 'that run ends'}; a writer can break a lock with \`/uet unlock <run id>\`.`,
    );
  }
  if (awaitingApproval(state)) {
    const a = state.approval!;
    head.push('', `**Awaiting approval** (${a.grantedBy.length} of ${a.required.min}) on \`${a.required.base_sha.slice(0, 12)}\`: nothing runs until it has ${describeApprovers(a.required)} (\`/uet approve\`). A push to the base voids it.`);
  }

  const lines: string[] = [];
  for (const ws of view.workstreams) {
    const done = ws.state === 'succeeded' || ws.state === 'skipped';
    lines.push(
      `- [${done ? 'x' : ' '}] **${cell(ws.ws_id, 64)}**${ws.name ? ` ${cell(ws.name, 80)}` : ''} — ${ws.done}/${ws.total}`,
    );
    for (const s of ws.steps) {
      const url = links.nodes?.get(s.step_id);
      const extra = [
        s.attempts > 1 ? `attempt ${s.attempts}` : undefined,
        s.duration_ms !== undefined ? duration(s.duration_ms) : undefined,
        s.error ? cell(s.error, 160) : s.skip_reason ? cell(s.skip_reason, 160) : undefined,
        url ? `[workflow run](${url})` : undefined,
      ].filter(Boolean);
      lines.push(
        `  - [${s.state === 'succeeded' || s.state === 'skipped' ? 'x' : ' '}] ${code(s.step_id, 64)}${s.name ? ` ${cell(s.name, 80)}` : ''} — ${STATE_MARK[s.state]}${extra.length ? ` · ${extra.join(' · ')}` : ''}`,
      );
    }
  }
  const sections = [head.join('\n'), `#### Steps\n${lines.join('\n')}`];
  if (view.gates.length) {
    sections.push(
      `#### Gates\n${table(
        ['Gate', 'Type', 'Workstream', 'State'],
        view.gates.map((g) => [
          `${code(g.gate_id, 64)}`,
          cell(g.type),
          cell(g.ws_id ?? 'bundle'),
          STATE_MARK[g.state],
        ]),
      )}`,
    );
  }
  sections.push(renderCost(buildCostReport(state)));
  if (view.warnings.length)
    sections.push(
      `#### Warnings\n${view.warnings
        .slice(0, 20)
        .map((w) => `- ${cell(w, 200)}`)
        .join('\n')}`,
    );
  const states = new Map([...state.nodes].map(([id, n]) => [id, n.state]));
  sections.push(
    `<details><summary>DAG</summary>\n\n\`\`\`mermaid\n${renderMermaid(state.plan, states)}\n\`\`\`\n</details>`,
  );
  if (links.workflow)
    sections.push(`<sub>Workflow runs: ${links.workflow} · priority: ${cell(view.priority_rule)}</sub>`);
  return fitBody(sections, BODY_LIMIT - 100);
}
