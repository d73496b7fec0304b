import { fail, ok, type GitHubRoute } from './github-route.js';
import type { GitHubState, WorkflowRun } from './github-state.js';
import { paginate } from './paginate.js';
import { checkDispatchInputs } from '../conformance/dispatch-inputs.js';

const runJson = (s: GitHubState, api: string, w: WorkflowRun) => ({
  id: w.id,
  name: 'uet',
  display_title: w.display_title,
  status: w.status,
  conclusion: w.conclusion,
  html_url: w.html_url,
  url: `${api}/repos/${s.fullName}/actions/runs/${w.id}`,
  path: w.path,
  head_branch: w.head_branch,
  head_sha: w.head_sha,
  event: w.event,
  run_attempt: 1,
});

/** Workflow dispatches and workflow runs, and the app's installations and their tokens. */
export const actionsRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': async ({
    params,
    body,
    state,
    actor,
    permissions,
    api,
    dispatched,
  }) => {
    if (permissions && permissions.actions !== 'write')
      return fail(403, 'Resource not accessible by integration');
    // `ref` is a branch or tag name, or a full ref name.
    const ref = String(body.ref);
    const full = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
    const sha = await state.git.resolve(full);
    if (!sha || !full.startsWith('refs/heads/')) return fail(422, `No ref found for: ${ref}`);
    const workflow = params.workflow_id!;
    const text = await state.git.readFile(sha, `.github/workflows/${workflow}`);
    if (text === undefined) return fail(404, 'Not Found');
    const inputs = (body.inputs ?? {}) as Record<string, string>;
    // GitHub refuses inputs the workflow does not declare, a missing required one and a choice outside its options.
    const refused = checkDispatchInputs(text, inputs);
    if (refused.length) return fail(422, refused.join('; '));
    const run = state.recordDispatch(workflow, ref, sha, inputs, actor);
    dispatched?.(run);
    return body.return_run_details
      ? ok({
          workflow_run_id: run.id,
          run_url: `${api}/repos/${state.fullName}/actions/runs/${run.id}`,
          html_url: run.html_url,
        })
      : { status: 204 };
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': (req) => {
    const { params, query, state, api } = req;
    const list = state.workflowRuns.filter(
      (w) =>
        w.path.endsWith(`/${params.workflow_id}`) && (!query.get('event') || w.event === query.get('event')),
    );
    const { items, headers } = paginate(req, list);
    return {
      ...ok({ total_count: list.length, workflow_runs: items.map((w) => runJson(state, api, w)) }),
      headers,
    };
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': ({ params, state, api }) => {
    const w = state.workflowRuns.find((x) => x.id === Number(params.run_id));
    return w ? ok(runJson(state, api, w)) : fail(404, 'Not Found');
  },
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel': ({ params, state }) => {
    const w = state.workflowRuns.find((x) => x.id === Number(params.run_id));
    if (!w) return fail(404, 'Not Found');
    if (w.status === 'completed') return fail(409, 'Cannot cancel a workflow run that is completed.');
    state.canceledRuns.push(w.id);
    return ok({}, 202);
  },
  'POST /app/installations/{installation_id}/access_tokens': ({ params, state }) => {
    const id = Number(params.installation_id);
    if (id !== state.installationId && !state.otherInstallations.has(id)) return fail(404, 'Not Found');
    const token = `ghs_app${state.id()}`;
    state.tokens.set(token, 'app');
    return ok(
      { token, expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' },
      201,
    );
  },
  // GET /app: "You must use a JWT to access this endpoint" (the REST description); an installation token is refused.
  'GET /app': ({ headers, state, api }) =>
    /^bearer eyJ/i.test(headers.authorization ?? '')
      ? ok({
          id: state.appId,
          slug: state.appSlug,
          node_id: `A_${state.appId}`,
          name: state.appSlug,
          owner: { login: state.owner },
          html_url: `https://github.com/apps/${state.appSlug}`,
          url: `${api}/app`,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
          permissions: {},
          events: [],
        })
      : fail(401, 'A JSON web token could not be decoded'),
  'GET /app/installations': (req) => {
    const { state } = req;
    const { items, headers } = paginate(req, [
      {
        id: state.installationId,
        account: { login: state.owner },
        app_id: state.appId,
        target_type: 'Organization',
      },
    ]);
    return { ...ok(items), headers };
  },
  'GET /installation/repositories': (req) => {
    const { state } = req;
    const all = [
      {
        name: state.name,
        full_name: state.fullName,
        default_branch: state.defaultBranch,
        html_url: state.htmlUrl,
        owner: { login: state.owner },
      },
    ];
    const { items, headers } = paginate(req, all);
    return { ...ok({ total_count: all.length, repositories: items }), headers };
  },
};
