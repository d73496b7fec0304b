import { fail, ok, type FakeRoute } from './fake-route.js';
import type { FakeCheckRun } from './fake-state.js';

const checkJson = (c: FakeCheckRun) => ({
  ...c,
  app: { id: 777, slug: 'uet-app' },
  html_url: `https://github.com/checks/${c.id}`,
});

/** Check runs, workflow dispatches and workflow runs, and the app's installations. */
export const actionsRoutes: Record<string, FakeRoute> = {
  'POST /repos/{owner}/{repo}/check-runs': ({ body, state }) => {
    const c: FakeCheckRun = {
      id: state.id(),
      name: body.name,
      head_sha: body.head_sha,
      external_id: body.external_id ?? '',
      status: body.status ?? 'queued',
      conclusion: body.conclusion ?? null,
      output: {
        title: body.output?.title,
        summary: body.output?.summary,
        annotations_count: body.output?.annotations?.length ?? 0,
      },
      actions: body.actions ?? [],
      details_url: body.details_url,
    };
    state.checkRuns.push(c);
    return ok(checkJson(c), 201);
  },
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': ({ params, body, state }) => {
    const c = state.checkRuns.find((x) => x.id === Number(params.check_run_id));
    if (!c) return fail(404, 'Not Found');
    if (body.status) c.status = body.status;
    if (body.conclusion) c.conclusion = body.conclusion;
    if (body.actions) c.actions = body.actions;
    if (body.output)
      c.output = {
        title: body.output.title ?? c.output.title,
        summary: body.output.summary ?? c.output.summary,
        annotations_count: c.output.annotations_count + (body.output.annotations?.length ?? 0),
      };
    return ok(checkJson(c));
  },
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': ({ params, query, state }) => {
    const list = state.checkRuns.filter(
      (c) => c.head_sha === params.ref && (!query.get('check_name') || c.name === query.get('check_name')),
    );
    return ok({ total_count: list.length, check_runs: list.map(checkJson) });
  },
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': ({ params, body, state }) => {
    if (!state.treeOf(body.ref)?.has(`.github/workflows/${params.workflow_id}`))
      return fail(404, 'Not Found');
    const { id, html_url } = state.dispatchWorkflow(
      params.workflow_id!,
      body.ref,
      body.inputs as Record<string, string>,
    );
    return body.return_run_details
      ? ok({
          workflow_run_id: id,
          run_url: `https://api.github.com/repos/${state.fullName}/actions/runs/${id}`,
          html_url,
        })
      : { status: 204 };
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': ({ state }) =>
    ok({ total_count: state.workflowRuns.length, workflow_runs: state.workflowRuns.slice(0, 100) }),
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel': ({ params, state }) => {
    state.canceledRuns.push(Number(params.run_id));
    return ok({}, 202);
  },
  'POST /app/installations/{installation_id}/access_tokens': () =>
    ok(
      { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' },
      201,
    ),
  'GET /app/installations': ({ state }) =>
    ok([{ id: state.installationId, account: { login: state.owner } }]),
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
