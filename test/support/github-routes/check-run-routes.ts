import { fail, ok, type GitHubRoute } from './github-route.js';
import type { CheckRun, GitHubState } from './github-state.js';
import { paginate } from './paginate.js';

const checkJson = (s: GitHubState, { app_id: appId, ...c }: CheckRun) => ({
  ...c,
  node_id: 'CR_node',
  app: appId === undefined ? { id: s.appId, slug: s.appSlug } : { id: appId, slug: `app-${appId}` },
  html_url: `${s.htmlUrl}/runs/${c.id}`,
});

/** Check runs: created on a commit (completed once they have a conclusion), updated, listed for a ref. */
export const checkRunRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'POST /repos/{owner}/{repo}/check-runs': async ({ body, state, permissions }) => {
    if (permissions && permissions.checks !== 'write')
      return fail(403, 'Resource not accessible by integration');
    if ((await state.git.typeOf(body.head_sha)) !== 'commit') return fail(422, 'No commit found for SHA');
    const c: CheckRun = {
      id: state.id(),
      name: body.name,
      head_sha: body.head_sha,
      external_id: body.external_id ?? '',
      status: body.conclusion ? 'completed' : (body.status ?? 'queued'),
      conclusion: body.conclusion ?? null,
      output: {
        title: body.output?.title,
        summary: body.output?.summary,
        text: body.output?.text,
        annotations_count: body.output?.annotations?.length ?? 0,
      },
      actions: body.actions ?? [],
      ...(body.details_url ? { details_url: body.details_url } : {}),
    };
    state.checkRuns.push(c);
    return ok(checkJson(state, c), 201);
  },
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': ({ params, body, state }) => {
    const c = state.checkRuns.find((x) => x.id === Number(params.check_run_id));
    if (!c) return fail(404, 'Not Found');
    if (body.status) c.status = body.status;
    if (body.conclusion) Object.assign(c, { conclusion: body.conclusion, status: 'completed' });
    if (body.actions) c.actions = body.actions;
    if (body.output)
      c.output = {
        title: body.output.title ?? c.output.title,
        summary: body.output.summary ?? c.output.summary,
        text: body.output.text ?? c.output.text,
        annotations_count: c.output.annotations_count + (body.output.annotations?.length ?? 0),
      };
    return ok(checkJson(state, c));
  },
  // One page (at most 100) of the check runs, oldest first, and total_count: the number on every page.
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': async (req) => {
    const { params, query, state } = req;
    const sha = await state.git.resolve(params.ref!);
    const app = query.get('app_id');
    const list = state.checkRuns.filter(
      (c) =>
        c.head_sha === sha &&
        (!query.get('check_name') || c.name === query.get('check_name')) &&
        (!app || Number(app) === (c.app_id ?? state.appId)),
    );
    const { items, headers } = paginate(req, list);
    return {
      ...ok({ total_count: list.length, check_runs: items.map((c) => checkJson(state, c)) }),
      headers,
    };
  },
};
