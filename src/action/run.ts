import * as core from '@actions/core';
import { recoverWorkspaceGitLocks } from '../adapters/git/recover-workspace-git-locks.js';
import { createUlidSource } from '../adapters/ulid-source.js';
import { readActionInputs, type ActionInputs } from './action-inputs.js';
import { buildSummaryRow, SUMMARY_HEADER, summaryCells } from './build-summary.js';
import { executeAttempt } from './execute-attempt.js';
import { createGitRemote } from './git-remote.js';
import { integrateAttempt } from './integrate-attempt.js';
import { createDirPatchStore } from './patch-dir.js';
import { readDispatchTarget } from './dispatch-claims.js';
import { redactAttempt, redactingPatchStore } from './redact-attempt.js';
import { createRedactor, findSecretValues, type Redactor } from '../core/secrets/index.js';
import { buildArtifactName } from './artifact-name.js';
import { runToolAttempt } from './run-tool-attempt.js';
import type { ToolJob } from '../core/run/index.js';

async function execute(inputs: ActionInputs, remote: Awaited<ReturnType<typeof createGitRemote>>, redactor: Redactor): Promise<void> {
  const ids = createUlidSource();
  const common = {
    remote,
    runId: inputs.runId,
    nodeId: inputs.stepId,
    attempt: inputs.attempt,
    ...(inputs.runner !== undefined ? { runner: inputs.runner } : {}),
    parentEnv: inputs.env,
    logDir: inputs.tempDir,
    now: Date.now,
    newId: () => ids.newId(),
  };
  const result =
    inputs.mode === 'tool'
      ? await runToolAttempt({
          ...common,
          tool: inputs.tool as Exclude<ToolJob, 'none'>,
          ...(inputs.toolModel !== undefined ? { toolModel: inputs.toolModel } : {}),
          ...(inputs.maxBudgetUsd !== undefined ? { maxBudgetUsd: inputs.maxBudgetUsd } : {}),
        })
      : await executeAttempt({ ...common, tool: inputs.tool, toolDir: inputs.toolDir, gateOnly: inputs.mode === 'gate' });
  // What this job hands over and shows (attempt.json, patch.json, summary, outputs) holds no credential it holds.
  const out = redactAttempt(redactor, result);
  await createDirPatchStore(inputs.patchDir).write(out.record, out.artifact);
  const { record } = out;
  const ledgerState = !record.policy.passed ? 'quarantined' : record.patch_id === undefined ? 'none' : record.ok ? 'validated' : 'rejected';
  core.setOutput('patch_id', record.patch_id ?? '');
  core.setOutput('ledger_state', ledgerState);
  core.setOutput('conclusion', record.ok ? 'success' : 'failure');
  core.setOutput('cost_usd', String(record.cost_usd ?? 0));
  core.setOutput('patch_path', inputs.patchDir);
  core.setOutput('artifact_name', buildArtifactName(inputs.runId, inputs.stepId, inputs.attempt, inputs.mode === 'tool' ? 'tool' : 'attempt'));
  await core.summary
    .addHeading(`UET ${inputs.runId}: ${record.node_id} attempt ${record.attempt}${inputs.mode === 'tool' ? ` (${inputs.tool})` : ''}`, 3)
    .addTable([SUMMARY_HEADER.map((data) => ({ data, header: true })), summaryCells(buildSummaryRow(record, out.scope))])
    .addRaw(record.ok ? '' : `\n\n${record.message ?? 'failed'}\n`)
    .write();
  if (!record.ok) core.warning(`${record.node_id} attempt ${record.attempt}: ${record.message ?? 'failed'} (the integrate job records it)`);
}

async function integrate(inputs: ActionInputs, remote: Awaited<ReturnType<typeof createGitRemote>>, redactor: Redactor): Promise<void> {
  const ids = createUlidSource();
  const dispatch = inputs.chain ? readDispatchTarget(inputs.env, inputs.token) : undefined;
  const result = await integrateAttempt({
    remote,
    store: redactingPatchStore(createDirPatchStore(inputs.patchDir), redactor),
    secrets: redactor,
    runId: inputs.runId,
    nodeId: inputs.stepId,
    attempt: inputs.attempt,
    tempDir: inputs.tempDir,
    now: Date.now,
    newId: () => ids.newId(),
    ...(dispatch !== undefined ? { dispatch } : {}),
  });
  for (const d of result.dispatched) if (d.status !== 'dispatched') core.warning(`${d.nodeId} attempt ${d.attempt}: ${d.message ?? d.status} (${d.status === 'refused' ? 'claim withdrawn: the app starts it' : 'the app reconciles it'})`);
  core.setOutput('patch_id', result.patchId ?? '');
  core.setOutput('ledger_state', result.ledgerState);
  core.setOutput('conclusion', result.conclusion);
  core.setOutput('cost_usd', String(result.costUsd ?? 0));
  core.setOutput('patch_path', inputs.patchDir);
  await core.summary
    .addHeading(`UET ${inputs.runId}: ${inputs.stepId} attempt ${inputs.attempt} integrated`, 3)
    .addList([
      `ledger state: ${result.ledgerState}`,
      ...(result.commit !== undefined ? [`commit on uet/run/${inputs.runId}: ${result.commit}`] : []),
      `ledger append: ${result.ledgerTries} ${result.ledgerTries === 1 ? 'try' : 'tries'}`,
      ...result.dispatched.map((d) => `next: ${d.nodeId} attempt ${d.attempt} ${d.status}`),
    ])
    .write();
  if (result.conclusion === 'failure') core.setFailed(`${inputs.stepId} attempt ${inputs.attempt}: ${result.message ?? 'failed'}`);
}

/** The action: inputs -> engine -> outputs. The only place that calls setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readActionInputs(env);
    if (inputs.token !== undefined) core.setSecret(inputs.token);
    // The credentials this job holds: masked in its log by the runner, redacted from what it records, refused in patches.
    const redactor = createRedactor(findSecretValues(env));
    for (const s of redactor.secrets) core.setSecret(s.value);
    const remote = await createGitRemote({
      cwd: inputs.workspace,
      ...(inputs.token !== undefined ? { token: inputs.token } : {}),
      serverUrl: inputs.serverUrl,
      parentEnv: env,
    });
    // A self-hosted runner keeps its workspace: a job killed while git updated one of UET's refs left its lock.
    for (const lock of await recoverWorkspaceGitLocks(inputs.workspace))
      core.warning(`recovered: stale git lock ${lock.path} (${lock.ref ?? ''}), left by a job killed in this workspace`);
    if (inputs.mode === 'integrate') await integrate(inputs, remote, redactor);
    else await execute(inputs, remote, redactor);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
