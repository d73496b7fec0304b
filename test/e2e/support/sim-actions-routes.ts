import { parseRunName } from '../../../src/adapters/github/ledger-layout.js';
import { fail, ok, type SimRoute } from './sim-route.js';
import type { SimCheckRun, SimState, SimWorkflowRun } from './sim-state.js';

const checkJson = (s: SimState, c: SimCheckRun) => ({
  ...c,
  node_id: 'CR_node',
  app: { id: s.appId, slug: s.appSlug },
  html_url: `${s.htmlUrl}/runs/${c.id}`,
});

const runJson = (s: SimState, api: string, w: SimWorkflowRun) => ({
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

/** Check runs, workflow dispatches and runs, and the app's installations. */
export const simActionsRoutes: Record<string, SimRoute> = {
  'POST /repos/{owner}/{repo}/check-runs': async ({ body, state, permissions }) => {
    if (permissions && permissions.checks !== 'write')
      return fail(403, 'Resource not accessible by integration');
    if ((await state.git.typeOf(body.head_sha)) !== 'commit') return fail(422, 'No commit found for SHA');
    const c: SimCheckRun = {
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
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': async ({ params, query, state }) => {
    const sha = await state.git.resolve(params.ref!);
    const list = state.checkRuns.filter(
      (c) => c.head_sha === sha && (!query.get('check_name') || c.name === query.get('check_name')),
    );
    const per = Number(query.get('per_page') ?? 30);
    return ok({ total_count: list.length, check_runs: list.slice(0, per).map((c) => checkJson(state, c)) });
  },
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
    const path = `.github/workflows/${params.workflow_id}`;
    if ((await state.git.readFile(sha, path)) === undefined) return fail(404, 'Not Found');
    const inputs = (body.inputs ?? {}) as Record<string, string>;
    const name = parseRunName(`uet:${inputs.run_id}:${inputs.step_id}:${inputs.attempt}`);
    const id = state.id();
    const run: SimWorkflowRun = {
      id,
      display_title: name ? `uet:${name.runId}:${name.nodeId}:${name.attempt}` : 'uet',
      status: 'queued',
      conclusion: null,
      html_url: `${state.htmlUrl}/actions/runs/${id}`,
      path,
      head_branch: full.slice('refs/heads/'.length),
      head_sha: sha,
      event: 'workflow_dispatch',
      inputs,
      actor,
    };
    state.workflowRuns.unshift(run);
    dispatched(run);
    return body.return_run_details
      ? ok({
          workflow_run_id: id,
          run_url: `${api}/repos/${state.fullName}/actions/runs/${id}`,
          html_url: run.html_url,
        })
      : { status: 204 };
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': ({ params, query, state, api }) => {
    const list = state.workflowRuns.filter(
      (w) =>
        w.path.endsWith(`/${params.workflow_id}`) && (!query.get('event') || w.event === query.get('event')),
    );
    const per = Number(query.get('per_page') ?? 30);
    return ok({
      total_count: list.length,
      workflow_runs: list.slice(0, per).map((w) => runJson(state, api, w)),
    });
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
    if (Number(params.installation_id) !== state.installationId) return fail(404, 'Not Found');
    const token = `ghs_app${state.id()}`;
    state.tokens.set(token, 'app');
    return ok(
      { token, expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' },
      201,
    );
  },
  'GET /app/installations': ({ state }) =>
    ok([
      {
        id: state.installationId,
        account: { login: state.owner },
        app_id: state.appId,
        target_type: 'Organization',
      },
    ]),
  'GET /installation/repositories': ({ state }) =>
    ok({
      total_count: 1,
      repositories: [
        {
          name: state.name,
          full_name: state.fullName,
          default_branch: state.defaultBranch,
          html_url: state.htmlUrl,
          owner: { login: state.owner },
        },
      ],
    }),
};
