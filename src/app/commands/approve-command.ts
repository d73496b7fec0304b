import { createRefOnce } from '../../adapters/github/create-ref-once.js';
import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { listRuns } from '../../adapters/github/run-index.js';
import { fold } from '../../core/run/index.js';
import { reply } from '../report/reply.js';
import { checkResult } from '../run/check-result.js';
import { publishResult } from '../run/finish-run.js';
import type { CommandTrigger } from './command-trigger.js';

const FORK_RUN = /^refs\/uet\/fork-runs\/([0-9A-HJKMNP-TV-Z]{26})$/;

/**
 * `/uet approve <sha>` by a writer (checked at the door, as every command): the result of a fork run of this pull
 * request, exactly that commit, reaches a branch. It must be the current head of one of this pull request's fork
 * runs (`refs/uet/fork-runs/<run_id>`), the run must have ended with a result UET proposes (succeeded, or failed
 * with `on_failure: draft_pr`), and the result is checked against the patch policy again. Then the branch
 * `uet/run/<run_id>` is created at that commit and the result PR opened: from here the repository's workflows run
 * on it, which is why only this exact, reviewed commit gets there (ADR 0017).
 */
export async function approveCommand(t: CommandTrigger, sha: string): Promise<void> {
  const { scope, config } = t;
  const no = (why: string) => reply(scope, t.issueNumber, `UET will not approve \`${sha.slice(0, 12)}\`: ${why}`);
  if (!t.isPr) return no('`/uet approve` approves the result of a fork run, on its pull request.');
  const ours = new Set(
    (await listRuns(scope.gh, scope.repo, 'index', { kind: 'pr', number: t.issueNumber })).map((r) => r.runId),
  );
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
    ...scope.repo,
    ref: 'uet/fork-runs/',
  });
  const results = data.flatMap((r) => {
    const runId = FORK_RUN.exec(r.ref)?.[1];
    return runId !== undefined && ours.has(runId) ? [{ runId, sha: r.object.sha }] : [];
  });
  const match = results.find((r) => r.sha === sha);
  if (!match)
    return no(
      results.length
        ? `it is not the result of a fork run of this pull request (results: ${results.map((r) => `\`${r.sha}\` of run \`${r.runId}\``).join(', ')}). Approve the exact commit you reviewed.`
        : 'this pull request has no fork run to approve.',
    );
  const ledger = await readRunLedger(scope.gh, scope.repo, match.runId);
  const state = ledger ? fold(ledger.events) : undefined;
  if (!state || state.options.fork !== true) return no(`run \`${match.runId}\` is not a fork run.`);
  const proposed = state.status === 'succeeded' || (state.status === 'failed' && config.on_failure === 'draft_pr');
  if (!proposed)
    return no(`run \`${match.runId}\` is ${state.status}: only the result of a run that ended with one can be approved.`);
  const result = await checkResult(scope, state, config);
  if (!result || result.head !== sha) return no(`run \`${match.runId}\`'s result moved while approving: look again.`);
  if (result.findings.length)
    return no(`the result breaks the patch policy (${result.findings.length} finding${result.findings.length > 1 ? 's' : ''}; see the UET run check).`);
  const branch = await createRefOnce(scope.gh, scope.repo, `heads/uet/run/${match.runId}`, sha);
  if (branch.status === 'exists' && branch.existing !== sha)
    return no(`the branch \`uet/run/${match.runId}\` already exists at another commit.`);
  const pr = await publishResult(scope, state, ledger!.events, config, { by: t.actor, sha });
  await reply(
    scope,
    t.issueNumber,
    pr.status === 'no_changes'
      ? `Approved \`${sha.slice(0, 12)}\` of run \`${match.runId}\`, but it changes nothing against the base: no result PR.`
      : `Approved \`${sha.slice(0, 12)}\` of run \`${match.runId}\` (fork code): result PR #${pr.number}. The repository's workflows run on it from now on.`,
  );
}
