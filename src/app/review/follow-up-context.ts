import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { listRuns } from '../../adapters/github/run-index.js';
import type { GateFailure, ReviewThread } from '../../core/review/index.js';
import type { AppConfig } from '../config/app-config.js';
import { readPermission } from '../gate/read-permission.js';
import type { RepoScope } from '../scope/repo-scope.js';

const RUN_BRANCH = /^uet\/run\/([0-9A-HJKMNP-TV-Z]{26})$/;

/** The most distinct thread authors whose permission is read; comments of the others are left out. */
export const MAX_AUTHOR_LOOKUPS = 10;

/**
 * The run a follow-up follows: the newest UET run of the pull request, else the run whose result the pull request
 * is (its head is `uet/run/<run_id>`); and, when that run failed a gate, the gate and the end of its output. One
 * read for the index, two more for the parent's ledger.
 */
export async function findParentRun(
  scope: RepoScope,
  pull: number,
  headRef: string,
): Promise<{ parentRunId?: string; gateFailure?: GateFailure }> {
  const latest = (await listRuns(scope.gh, scope.repo, 'index', { kind: 'pr', number: pull })).at(-1)?.runId;
  const parentRunId = latest ?? RUN_BRANCH.exec(headRef)?.[1];
  if (parentRunId === undefined) return {};
  const ledger = await readRunLedger(scope.gh, scope.repo, parentRunId);
  const failed = ledger?.events
    .flatMap((e) => (e.type === 'gate_completed' && !e.data.passed ? [e.data] : []))
    .at(-1);
  return {
    parentRunId,
    ...(failed
      ? {
          gateFailure: {
            runId: parentRunId,
            gate: `${failed.ws_id ?? 'bundle'}/${failed.gate_id}`,
            output: failed.output_tail ?? '(no output recorded)',
          },
        }
      : {}),
  };
}

/**
 * The threads with only the comments of people UET takes instructions from: the command's author, writers, and
 * allowed bots. A comment by anyone else (a reader can comment on a public pull request) never reaches a tool: the
 * writer's command is not a review of their text (ADR 0023). One permission read per other author, at most
 * MAX_AUTHOR_LOOKUPS. Threads left with no comment are dropped. Returns how many comments were left out.
 */
export async function keepWritersComments(
  scope: RepoScope,
  threads: readonly ReviewThread[],
  sender: string,
  config: AppConfig,
): Promise<{ threads: ReviewThread[]; leftOut: number }> {
  const trusted = new Map<string, boolean>([[sender, true]]);
  const trusts = async (login: string) => {
    const known = trusted.get(login);
    if (known !== undefined) return known;
    let ok = false;
    if (login.endsWith('[bot]')) ok = config.allowed_bots.includes(login);
    else if (trusted.size <= MAX_AUTHOR_LOOKUPS)
      ok = ['admin', 'write'].includes(await readPermission(scope, login));
    trusted.set(login, ok);
    return ok;
  };
  let leftOut = 0;
  const kept: ReviewThread[] = [];
  for (const t of threads) {
    const comments = [];
    for (const c of t.comments) {
      if (await trusts(c.author)) comments.push(c);
      else leftOut += 1;
    }
    if (comments.length) kept.push({ ...t, comments });
  }
  return { threads: kept, leftOut };
}
