import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBootstrap } from '../../src/adapters/bootstrap/run-bootstrap.js';
import {
  buildWorkflow,
  WORKFLOW_PATH,
  type WorkflowOptions,
} from '../../src/core/bootstrap/build-workflow.js';
import { createTempRepo, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { DOCS_REPO, PYTHON_REPO, TERRAFORM_REPO } from '../adapters/bootstrap/repos.js';
import { runActionlint } from '../support/conformance/actionlint.js';
import { recordConformance } from '../support/conformance/record-conformance.js';
import { parseActionMetadata, parseAndConvertWorkflow } from '../support/conformance/workflow-parser.js';

afterAll(removeTempDirs);

const ROOT = join(import.meta.dirname, '../..');

/**
 * Every value each workflow option can take. The mapped type makes this list complete: a new option of
 * buildWorkflow does not typecheck here until its values are listed, so the matrix always covers every workflow
 * the builder can produce.
 */
const MATRIX: { readonly [K in keyof Required<WorkflowOptions>]: readonly Required<WorkflowOptions>[K][] } = {
  owner: ['uet-dev', 'octo-org', 'a-b-c-0123456789-abcdefghijklmnopqrstuv'],
  python: [false, true],
  terraform: [false, true],
};

function combinations(): WorkflowOptions[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(MATRIX) as [string, readonly unknown[]][])
    out = out.flatMap((o) => values.map((v) => ({ ...o, [key]: v })));
  return out as unknown as WorkflowOptions[];
}

/** What GitHub's parser and actionlint say of one workflow file. */
async function checkWorkflow(text: string): Promise<{ errors: string[]; findings: string[] }> {
  const { errors } = await parseAndConvertWorkflow(WORKFLOW_PATH, text);
  const findings = (await runActionlint(text, WORKFLOW_PATH)).map(
    (f) => `${WORKFLOW_PATH}:${f.line}:${f.column}: ${f.message} [${f.kind}]`,
  );
  return { errors, findings };
}

interface ActionMetadata {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
}

/**
 * The UET action's steps in a workflow against action.yml: each `with:` key is an input the action declares, each
 * required input without a default is given, and each `steps.<id>.outputs.<name>` of a UET step is an output it
 * declares. actionlint checks this for well-known actions only; ours is `<owner>/uet@<ref>`, unknown to it.
 */
function checkActionUse(text: string, action: ActionMetadata): string[] {
  const wf = parse(text) as {
    jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const problems: string[] = [];
  for (const [job, j] of Object.entries(wf.jobs)) {
    const uet = j.steps.filter((s) => /\/uet@/.test(s.uses ?? ''));
    for (const s of uet) {
      for (const key of Object.keys(s.with ?? {}))
        if (!(key in action.inputs)) problems.push(`${job}: with.${key} is not an input of action.yml`);
      for (const [name, input] of Object.entries(action.inputs))
        if (input.required && input.default === undefined && !(name in (s.with ?? {})))
          problems.push(`${job}: required input ${name} of action.yml is not given`);
    }
    const ids = new Set(uet.flatMap((s) => (s.id ? [s.id] : [])));
    for (const m of JSON.stringify(j).matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g))
      if (ids.has(m[1]!) && !(m[2]! in action.outputs))
        problems.push(`${job}: steps.${m[1]}.outputs.${m[2]} is not an output of action.yml`);
  }
  return problems;
}

describe('every workflow uet bootstrap can generate, through GitHub’s parser and actionlint', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;

  it('each combination of the workflow options parses, converts and lints clean, and uses the action as action.yml declares it', async () => {
    const all = combinations();
    const problems: string[] = [];
    let errors = 0;
    let findings = 0;
    for (const options of all) {
      const text = buildWorkflow(options);
      const r = await checkWorkflow(text);
      errors += r.errors.length;
      findings += r.findings.length;
      const label = JSON.stringify(options);
      problems.push(...r.errors.map((e) => `${label}: ${e}`), ...r.findings.map((f) => `${label}: ${f}`));
      problems.push(...checkActionUse(text, action).map((p) => `${label}: ${p}`));
    }
    recordConformance(
      'workflows: every option combination (parser, actionlint)',
      {
        workflows: all.length,
        workflow_errors: errors,
        actionlint_findings: findings,
      },
      problems,
    );
    expect(all.length).toBe(Object.values(MATRIX).reduce((n, v) => n * v.length, 1));
    expect(problems).toEqual([]);
  });

  // Real `uet bootstrap` runs: each profile (forced, as `--profile` does), and each CI system bootstrap reads.
  const ci: Record<string, Record<string, string>> = {
    'GitHub Actions': {
      '.github/workflows/ci.yml':
        'name: CI\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform validate\n',
    },
    'GitLab CI': { '.gitlab-ci.yml': 'validate:\n  script:\n    - terraform validate\n' },
    CircleCI: {
      '.circleci/config.yml':
        'version: 2.1\njobs:\n  t:\n    docker:\n      - image: hashicorp/terraform\n    steps:\n      - run: terraform validate\n',
    },
    'Azure Pipelines': { 'azure-pipelines.yml': 'steps:\n  - script: terraform validate\n' },
    Jenkins: {
      Jenkinsfile: "pipeline { agent any\n stages { stage('v') { steps { sh 'terraform validate' } } } }\n",
    },
  };
  const runs: [string, Record<string, string>, string | undefined][] = [
    ...['software-dev-python', 'data-pipeline', 'documentation', 'operations', 'generic'].map(
      (p): [string, Record<string, string>, string] => [`profile ${p}`, PYTHON_REPO, p],
    ),
    ...Object.entries(ci).map(([name, files]): [string, Record<string, string>, undefined] => [
      `CI ${name}`,
      { ...TERRAFORM_REPO, ...files },
      undefined,
    ]),
    ['no CI (documentation)', DOCS_REPO, undefined],
  ];

  it.each(runs)(
    'uet bootstrap --write (%s) writes a workflow that parses and lints clean',
    async (name, files, profile) => {
      const dir = await createTempRepo(files);
      const { report } = await runBootstrap(
        { dir, cwd: '/', write: true, owner: 'uet-dev', ...(profile ? { profile } : {}) },
        {
          now: () => Date.UTC(2026, 0, 1),
          generator: { name: 'uet', version: '0.1.0' },
          path: process.env.PATH,
        },
      );
      expect(report.status, JSON.stringify(report.validation)).toBe('ready');
      const text = await readFile(join(dir, WORKFLOW_PATH), 'utf8');
      const r = await checkWorkflow(text);
      const problems = [...r.errors, ...r.findings, ...checkActionUse(text, action)];
      recordConformance(
        `workflows: uet bootstrap --write, ${name}`,
        {
          workflows: 1,
          workflow_errors: r.errors.length,
          actionlint_findings: r.findings.length,
        },
        problems,
      );
      expect(problems).toEqual([]);
      // What bootstrap wrote is one of the workflows the matrix above checks.
      expect(combinations().map((o) => buildWorkflow(o))).toContain(text);
    },
  );

  it('action.yml parses and converts with the parser’s action-metadata schema', async () => {
    const errors = await parseActionMetadata('action.yml', readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    recordConformance('action.yml: action-metadata schema', { workflow_errors: errors.length }, errors);
    expect(errors).toEqual([]);
  });

  it('the checks catch what GitHub would refuse (a control: each can fail)', async () => {
    const good = buildWorkflow({ owner: 'uet-dev', python: false, terraform: false });
    const unknownKey = good.replace(
      /^jobs:\n/m,
      'jobs:\n  bad:\n    runs-on: ubuntu-latest\n    bogus: 1\n    steps:\n      - run: "true"\n',
    );
    expect((await parseAndConvertWorkflow(WORKFLOW_PATH, unknownKey)).errors.join('\n')).toMatch(
      /Unexpected value 'bogus'/,
    );
    const badExpression = good.replace('${{ inputs.run_id }}', '${{ inputs.run_id( }}');
    expect((await parseAndConvertWorkflow(WORKFLOW_PATH, badExpression)).errors.length).toBeGreaterThan(0);
    const undeclaredInput = good.replace('${{ inputs.attempt }}', '${{ inputs.atempt }}');
    expect((await runActionlint(undeclaredInput)).map((f) => f.message).join('\n')).toMatch(
      /property "atempt" is not defined/,
    );
    const injected = good.replace(
      /^jobs:\n/m,
      'jobs:\n  bad:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
    );
    expect((await runActionlint(injected)).map((f) => f.message).join('\n')).toMatch(/potentially untrusted/);
    expect(
      await parseActionMetadata(
        'action.yml',
        'name: x\ndescription: y\nruns:\n  using: node99\n  main: a.js\n',
      ),
    ).not.toEqual([]);
    const before = new Set(checkActionUse(good, action));
    const colour = checkActionUse(
      good.replace('mode: integrate', 'mode: integrate\n          colour: red'),
      action,
    );
    expect(colour.filter((p) => !before.has(p))).toEqual([
      expect.stringContaining('with.colour is not an input of action.yml'),
    ]);
  });
});
