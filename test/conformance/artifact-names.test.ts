import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArtifactName } from '../../src/action/artifact-name.js';
import { dispatchClaim } from '../../src/action/dispatch-claims.js';
import { dispatchNode } from '../../src/adapters/github/dispatch-node.js';
import type { GitHubClient } from '../../src/adapters/github/github-client.js';
import { startRef } from '../../src/adapters/github/ledger-layout.js';
import { buildWorkflow } from '../../src/core/bootstrap/build-workflow.js';
import { TOOL_JOB_CHOICES, type ToolJob } from '../../src/core/run/index.js';
import { createConformance } from '../app/support/openapi-conformance.js';
import { checkArtifactName } from '../support/conformance/artifact-name.js';
import { checkDispatchInputs } from '../support/conformance/dispatch-inputs.js';
import { resolveArtifactNames, type ArtifactUse } from '../support/conformance/evaluate-workflow.js';
import { recordConformance } from '../support/conformance/record-conformance.js';

const WORKFLOW = buildWorkflow({ owner: 'uet-dev', python: true, terraform: true });

// Valid ids, as the contracts define them (schema/defs.v1.json: run id a ULID, node_id a slug or gate:<ws>:<gate>).
const slug = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
const nodeId = fc.oneof(
  slug,
  fc.tuple(slug, slug).map(([ws, gate]) => `gate:${ws}:${gate}`),
);
const runId = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const attempt = fc.integer({ min: 1, max: 100_000 });
const tool = fc.constantFrom<ToolJob>(...TOOL_JOB_CHOICES);

/** The UET action's `artifact_name` output in a job, as src/action/run.ts computes it from the mode. */
const actionOutputs = (_job: string, w: Record<string, string>) => ({
  artifact_name: buildArtifactName(
    w.run_id!,
    w.step_id!,
    Number(w.attempt),
    w.mode === 'tool' ? 'tool' : 'attempt',
  ),
  patch_path: '/home/runner/work/_temp/uet-patch',
});

/** A runner input of each form (runnerInputOf): the app's and the action's dispatches must send it alike. */
const RUNNER = { class: 'big', runs_on: { group: 'org/ml', labels: ['linux', 'gpu'] }, timeout_minutes: 45 };

/** The inputs the app dispatches a node attempt with (dispatchNode, through a client that records the request). */
async function appDispatch(
  run: string,
  node: string,
  n: number,
  t: ToolJob,
): Promise<Record<string, string>> {
  let sent: { inputs?: Record<string, string> } = {};
  const gh = {
    request: (_route: string, params: { inputs?: Record<string, string> }) => {
      sent = params;
      return Promise.resolve({ status: 204, data: undefined });
    },
  } as unknown as GitHubClient;
  await dispatchNode(
    gh,
    { owner: 'octo-org', repo: 'widgets' },
    {
      workflow: 'uet.yml',
      ref: 'main',
      runId: run,
      nodeId: node,
      attempt: n,
      payloadRef: `refs/${startRef(run, node, n)}`,
      tool: t,
      runner: RUNNER,
    },
  );
  return sent.inputs ?? {};
}

/** The request the action's integrate job dispatches a claimed start with (dispatchClaim, through a recording fetch). */
async function actionDispatch(run: string, node: string, n: number, t: ToolJob) {
  let request: { url: string; method: string; headers: Record<string, string>; body: unknown } | undefined;
  const fetchImpl = (
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ) => {
    request = {
      url,
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(Object.entries(init?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: JSON.parse(init?.body ?? 'null') as unknown,
    };
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  const outcome = await dispatchClaim(
    {
      apiUrl: 'https://api.github.com',
      repository: 'octo-org/widgets',
      workflow: 'uet.yml',
      ref: 'refs/heads/main',
      token: 'ghs_x',
    },
    run,
    { nodeId: node, attempt: n, tool: t, runner: RUNNER },
    { fetchImpl: fetchImpl as unknown as typeof fetch },
  );
  expect(outcome).toEqual({ status: 'dispatched' });
  expect(request!.headers.accept).toMatch(/^application\/vnd\.github/); // the media type check below has a header to check
  return request!;
}

/** Every artifact a dispatch's jobs upload is valid, and every download names an artifact uploaded before it. */
function checkUses(uses: readonly ArtifactUse[]): string[] {
  const problems: string[] = [];
  const uploaded = new Set<string>();
  for (const u of uses) {
    if (u.kind === 'upload') {
      const refused = checkArtifactName(u.name);
      if (refused) problems.push(`${u.job} uploads ${JSON.stringify(u.name)}: ${refused}`);
      uploaded.add(u.name);
    } else if (!uploaded.has(u.name))
      problems.push(`${u.job} downloads ${JSON.stringify(u.name)}, which no job before it uploads`);
  }
  if (!uses.some((u) => u.kind === 'upload')) problems.push('no job uploads an artifact');
  return problems;
}

describe('artifact names and dispatch inputs, for every valid node id and attempt', () => {
  it('every name the action gives an artifact passes @actions/artifact’s validateArtifactName (steps and gates, any attempt)', () => {
    let names = 0;
    const invalid: string[] = [];
    fc.assert(
      fc.property(
        runId,
        nodeId,
        attempt,
        fc.constantFrom('tool' as const, 'attempt' as const),
        (r, n, a, part) => {
          const name = buildArtifactName(r, n, a, part);
          names += 1;
          const refused = checkArtifactName(name);
          if (refused) invalid.push(`${name}: ${refused}`);
          return refused === undefined;
        },
      ),
      { numRuns: 2000 },
    );
    recordConformance(
      'artifact names: the action’s, 2000 generated node ids',
      { artifact_names: names, artifact_names_invalid: invalid.length },
      invalid,
    );
    expect(invalid).toEqual([]);
  });

  it('the app’s dispatches satisfy the workflow’s input rules, and every artifact of the attempt resolves to a valid name its download finds', async () => {
    const problems: string[] = [];
    let dispatches = 0;
    let names = 0;
    await fc.assert(
      fc.asyncProperty(runId, nodeId, attempt, tool, async (r, n, a, t) => {
        const inputs = await appDispatch(r, n, a, t);
        dispatches += 1;
        const found = checkDispatchInputs(WORKFLOW, inputs).map((p) => `app dispatch of ${n}: ${p}`);
        const uses = await resolveArtifactNames(WORKFLOW, inputs, actionOutputs);
        names += uses.filter((u) => u.kind === 'upload').length;
        found.push(...checkUses(uses).map((p) => `${n} attempt ${a} (tool ${t}): ${p}`));
        problems.push(...found);
        return found.length === 0;
      }),
      { numRuns: 100 },
    );
    recordConformance(
      'app dispatch inputs and the workflow’s artifact names: 100 generated attempts',
      {
        dispatches,
        dispatch_inputs_invalid: problems.filter((p) => / dispatch of /.test(p)).length,
        artifact_names: names,
        artifact_names_invalid: problems.filter((p) => / uploads | downloads /.test(p)).length,
      },
      problems,
    );
    expect(problems).toEqual([]);
  });

  // @octokit/plugin-throttling spaces an octokit's writes by a second: few runs, a longer timeout.
  it(
    'the action’s dispatch of a claimed start sends what the app sends, within the REST description and the input rules',
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      let dispatches = 0;
      const conformance = createConformance();
      await fc.assert(
        fc.asyncProperty(runId, nodeId, attempt, tool, async (r, n, a, t) => {
          const request = await actionDispatch(r, n, a, t);
          dispatches += 1;
          const sent = (request.body as { inputs: Record<string, string> }).inputs;
          const found = checkDispatchInputs(WORKFLOW, sent).map((p) => `action dispatch of ${n}: ${p}`);
          const rest = conformance.check(request.method, request.url, request.body, request.headers);
          if (!rest.ok) found.push(...rest.problems.map((p) => `action dispatch of ${n}: ${p}`));
          const app = await appDispatch(r, n, a, t);
          if (JSON.stringify(sent) !== JSON.stringify(app))
            found.push(
              `action dispatch of ${n}: sends ${JSON.stringify(sent)}, the app ${JSON.stringify(app)}`,
            );
          problems.push(...found);
          return found.length === 0;
        }),
        { numRuns: 12 },
      );
      recordConformance(
        'the action’s dispatch inputs: 12 generated claims',
        {
          dispatches,
          dispatch_inputs_invalid: problems.length,
          requests: dispatches,
          requests_outside_description: problems.filter((p) => /: (GET|POST) /.test(p)).length,
        },
        problems,
      );
      expect(problems).toEqual([]);
    },
  );

  it('the checks catch the defect the issue found: a name built from the node id refuses every gate', async () => {
    const old = WORKFLOW.replaceAll(
      '${{ steps.uet.outputs.artifact_name }}',
      'uet-patch-${{ inputs.run_id }}-${{ inputs.step_id }}-${{ inputs.attempt }}',
    );
    const inputs = await appDispatch('01JQ0000000000000000000000', 'gate:code:unit', 1, 'none');
    const problems = checkUses(await resolveArtifactNames(old, inputs, actionOutputs));
    expect(problems.join('\n')).toMatch(
      /uploads "uet-patch-01JQ0000000000000000000000-gate:code:unit-1": .*Colon :/,
    );
    expect(checkDispatchInputs(WORKFLOW, { ...inputs, tool: 'gpt' })).toEqual([
      "Provided value 'gpt' for input 'tool' not in the list of allowed values",
    ]);
    expect(checkDispatchInputs(WORKFLOW, { ...inputs, colour: 'red' })).toEqual([
      'Unexpected inputs provided: ["colour"]',
    ]);
    const { run_id: _r, ...noRun } = inputs;
    expect(checkDispatchInputs(WORKFLOW, noRun)).toEqual(["Required input 'run_id' not provided"]);
  });
});
