import { startRef } from '../adapters/github/ledger-layout.js';
import type { StartClaim } from '../core/run/index.js';

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
  /** No answer, or a 5xx: it may have been dispatched; the claim stays, and the app's reconciler looks it up. */
  | { status: 'unknown'; message: string };

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

/**
 * Dispatches one claimed start: `POST /repos/{o}/{r}/actions/workflows/{wf}/dispatches` with the job's token (a
 * workflow_dispatch made with GITHUB_TOKEN does start a workflow run; the job needs `actions: write`). The inputs
 * are ids only, as the app sends them. Not retried: a lost answer is left to the reconciler, which looks the
 * dispatch up by its run-name before repeating it.
 */
export async function dispatchClaim(t: DispatchTarget, runId: string, claim: StartClaim, fetchImpl: typeof fetch = fetch): Promise<DispatchOutcome> {
  const [owner, repo] = t.repository.split('/');
  const url = `${t.apiUrl}/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(repo!)}/actions/workflows/${encodeURIComponent(t.workflow)}/dispatches`;
  const body = {
    ref: t.ref,
    inputs: { run_id: runId, step_id: claim.nodeId, attempt: String(claim.attempt), payload_ref: `refs/${startRef(runId, claim.nodeId, claim.attempt)}` },
  };
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${t.token}`,
        'content-type': 'application/json',
        'user-agent': 'uet-action',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { status: 'unknown', message: `no answer from ${t.apiUrl}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (res.ok) return { status: 'dispatched' };
  const text = (await res.text().catch(() => '')).slice(0, 300);
  const message = `GitHub answered ${res.status} to the dispatch of ${claim.nodeId} attempt ${claim.attempt}${text ? `: ${text}` : ''}`;
  return res.status >= 500 ? { status: 'unknown', message } : { status: 'refused', message };
}
