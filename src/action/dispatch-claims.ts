import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { startRef } from '../adapters/github/ledger-layout.js';
import type { RunnerInput, StartClaim, ToolJob } from '../core/run/index.js';

/** Where the integrate job dispatches the starts it claimed: its own workflow, on the ref it was dispatched on. */
export interface DispatchTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  readonly apiUrl: string;
  /** owner/name. */
  readonly repository: string;
  /** The workflow file, e.g. uet.yml. */
  readonly workflow: string;
  /** The ref the workflow definition comes from: the default branch the app dispatched on. */
  readonly ref: string;
  readonly token: string;
}

export type DispatchOutcome =
  | { status: 'dispatched' }
  /** GitHub answered no (no permission, no workflow): the claim is withdrawn so that the app starts it. */
  | { status: 'refused'; message: string }
  /** No answer, or a 5xx, and no workflow run of that name yet: the claim stays, and the app's reconciler looks it up. */
  | { status: 'unknown'; message: string };

/** A claimed start with the tool job its route names and its runner (the dispatch's `tool` and `runner` inputs). */
export interface ClaimedStart extends StartClaim {
  readonly tool: ToolJob;
  /** runnerInputOf the run's state when the start was claimed (ADR 0026). */
  readonly runner: RunnerInput;
}

export interface DispatchOptions {
  /** For tests: the fetch octokit uses. */
  readonly fetchImpl?: typeof fetch;
  /** How long to wait after an ambiguous failure before looking the dispatch up by run-name (default 5 s). */
  readonly lookupAfterMs?: number;
}

/**
 * The target from the runner's environment: GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/uet.yml@refs/heads/main`)
 * names the workflow file and the ref. Undefined when something is missing: the job then chains nothing.
 */
export function readDispatchTarget(env: NodeJS.ProcessEnv, token: string | undefined): DispatchTarget | undefined {
  const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([^/@]+)@(.+)$/.exec(env.GITHUB_WORKFLOW_REF ?? '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!m || token === undefined || !/^[^/]+\/[^/]+$/.test(repository)) return undefined;
  return { apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''), repository, workflow: m[1]!, ref: m[2]!, token };
}

const ActionOctokit = Octokit.plugin(retry, throttling);

/**
 * The action's REST client: @octokit/rest with plugin-retry (5xx and network errors of idempotent requests) and
 * plugin-throttling (a primary or secondary rate limit waits as GitHub asks, up to twice and a minute each: a
 * rate-limited request was not carried out, so repeating it is safe, even a POST).
 */
export function createActionOctokit(t: Pick<DispatchTarget, 'apiUrl' | 'token'>, fetchImpl?: typeof fetch): InstanceType<typeof ActionOctokit> {
  const wait = (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) => retryCount < 2 && retryAfter <= 60;
  return new ActionOctokit({
    auth: t.token,
    baseUrl: t.apiUrl,
    userAgent: 'uet-action',
    // A failed request is reported once, by the caller, with what it means for the claim.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    request: { ...(fetchImpl ? { fetch: fetchImpl } : {}), timeout: 30_000 },
    throttle: { onRateLimit: wait, onSecondaryRateLimit: wait },
  });
}

const status = (e: unknown): number | undefined => (typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined);
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300);

/**
 * Dispatches one claimed start: `POST /repos/{o}/{r}/actions/workflows/{wf}/dispatches` with the job's token (a
 * workflow_dispatch made with GITHUB_TOKEN does start a workflow run; the job needs `actions: write`). The inputs
 * are ids and the tool job, as the app sends them. The POST is never retried on a 5xx or a lost answer (it may
 * have been carried out): after a pause the dispatch is looked up by its run-name (`uet:<run>:<node>:<attempt>`),
 * and one not found yet is left to the app's reconciler, which looks again before repeating it.
 */
export async function dispatchClaim(t: DispatchTarget, runId: string, claim: ClaimedStart, o: DispatchOptions = {}): Promise<DispatchOutcome> {
  const [owner, repo] = t.repository.split('/') as [string, string];
  const octokit = createActionOctokit(t, o.fetchImpl);
  const inputs = { run_id: runId, step_id: claim.nodeId, attempt: String(claim.attempt), payload_ref: `refs/${startRef(runId, claim.nodeId, claim.attempt)}`, tool: claim.tool, runner: JSON.stringify(claim.runner) };
  const headers = { 'x-github-api-version': '2022-11-28' };
  try {
    await octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { owner, repo, workflow_id: t.workflow, ref: t.ref, inputs, headers, request: { retries: 0 } });
    return { status: 'dispatched' };
  } catch (error) {
    const code = status(error);
    const message = `GitHub answered ${code ?? 'nothing'} to the dispatch of ${claim.nodeId} attempt ${claim.attempt}: ${describe(error)}`;
    if (code !== undefined && code >= 400 && code < 500) return { status: 'refused', message };
    await new Promise((r) => setTimeout(r, o.lookupAfterMs ?? 5000));
    const title = `uet:${runId}:${claim.nodeId}:${claim.attempt}`;
    const found = await octokit
      .request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner, repo, workflow_id: t.workflow, event: 'workflow_dispatch', per_page: 100, headers })
      .then((r) => r.data.workflow_runs.some((w) => w.display_title === title))
      .catch(() => false);
    return found ? { status: 'dispatched' } : { status: 'unknown', message };
  }
}
