import { createOnce } from './create-once.js';
import { NO_RETRY, type GitHubClient, type RepoRef } from './github-client.js';

/** GitHub's limits on a check run's output. */
export const CHECK_TEXT_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;
export const MAX_CHECK_ACTIONS = 3;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRunSpec {
  readonly name: string;
  readonly headSha: string;
  /** The idempotency key: looked up before a create is repeated. */
  readonly externalId: string;
  readonly status: 'in_progress' | 'completed';
  readonly conclusion?:
    'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly detailsUrl?: string;
  /** When a completed check run completed: set on every completion, so that each one is a new version of it. */
  readonly completedAt?: string;
  readonly annotations?: readonly CheckAnnotation[];
  readonly actions?: readonly CheckAction[];
}

const clip = (s: string) =>
  s.length <= CHECK_TEXT_LIMIT
    ? s
    : `${s.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n… (truncated at 65,535 characters)`;

function body(spec: CheckRunSpec, annotations: readonly CheckAnnotation[]) {
  return {
    status: spec.status,
    ...(spec.conclusion !== undefined ? { conclusion: spec.conclusion } : {}),
    ...(spec.detailsUrl !== undefined ? { details_url: spec.detailsUrl } : {}),
    ...(spec.completedAt !== undefined && spec.status === 'completed' ? { completed_at: spec.completedAt } : {}),
    // An empty list is sent too: it takes the buttons of an earlier version of the check away.
    ...(spec.actions !== undefined
      ? { actions: spec.actions.slice(0, MAX_CHECK_ACTIONS).map((a) => ({ ...a })) }
      : {}),
    output: {
      title: spec.title.slice(0, 255),
      summary: clip(spec.summary),
      ...(spec.text !== undefined ? { text: clip(spec.text) } : {}),
      ...(annotations.length ? { annotations: annotations.map((a) => ({ ...a })) } : {}),
    },
  };
}

/** GitHub's largest page of check runs. */
const PAGE = 100;
/** Pages read at most (10,000 check runs on one commit). */
const MAX_PAGES = 100;

/**
 * The check runs on a commit, every page of them (GitHub lists at most 100 a page: one page is never taken for
 * the whole), narrowed on GitHub's side to one name and to one app when given. Returns id, name and external id.
 */
export async function listCheckRuns(
  gh: GitHubClient,
  repo: RepoRef,
  headSha: string,
  only: { name?: string; appId?: number } = {},
): Promise<{ id: number; name: string; externalId: string | null }[]> {
  const out: { id: number; name: string; externalId: string | null }[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      ...repo,
      ref: headSha,
      ...(only.name !== undefined ? { check_name: only.name } : {}),
      ...(only.appId !== undefined ? { app_id: only.appId } : {}),
      filter: 'all',
      per_page: PAGE,
      page,
    });
    for (const c of data.check_runs) out.push({ id: Number(c.id), name: c.name, externalId: c.external_id });
    if (data.check_runs.length < PAGE || out.length >= data.total_count) break;
  }
  return out;
}

/** The check run with this name and external id on a commit, if there is one (one read a page of 100). */
export async function findCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  headSha: string,
  name: string,
  externalId: string,
  appId?: number,
): Promise<number | undefined> {
  const runs = await listCheckRuns(gh, repo, headSha, { name, ...(appId !== undefined ? { appId } : {}) });
  const ids = runs.filter((c) => c.externalId === externalId).map((c) => c.id);
  return ids.length ? Math.max(...ids) : undefined;
}

/**
 * Creates a check run, annotations in batches of at most 50 (the first with the create, the rest as updates),
 * at most 3 actions. The create is not retried blindly: after a lost answer, the external id is looked up first.
 */
export async function createCheckRun(gh: GitHubClient, repo: RepoRef, spec: CheckRunSpec): Promise<number> {
  const annotations = spec.annotations ?? [];
  const first = annotations.slice(0, ANNOTATIONS_PER_REQUEST);
  const create = () =>
    gh.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: spec.name,
      head_sha: spec.headSha,
      external_id: spec.externalId,
      ...body(spec, first),
      ...NO_RETRY,
    });
  const id = await createOnce(
    async () => Number((await create()).data.id),
    () => findCheckRun(gh, repo, spec.headSha, spec.name, spec.externalId),
  );
  await addAnnotations(gh, repo, id, spec, annotations.slice(ANNOTATIONS_PER_REQUEST));
  return id;
}

/** Updates a check run (its status, conclusion and output), annotations again in batches of 50. */
export async function updateCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  id: number,
  spec: CheckRunSpec,
): Promise<void> {
  const annotations = spec.annotations ?? [];
  await gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...repo,
    check_run_id: id,
    ...body(spec, annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
  });
  await addAnnotations(gh, repo, id, spec, annotations.slice(ANNOTATIONS_PER_REQUEST));
}

async function addAnnotations(
  gh: GitHubClient,
  repo: RepoRef,
  id: number,
  spec: CheckRunSpec,
  rest: readonly CheckAnnotation[],
): Promise<void> {
  for (let i = 0; i < rest.length; i += ANNOTATIONS_PER_REQUEST) {
    const batch = rest.slice(i, i + ANNOTATIONS_PER_REQUEST).map((a) => ({ ...a }));
    await gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: id,
      output: { title: spec.title.slice(0, 255), summary: clip(spec.summary), annotations: batch },
    });
  }
}
