import { STEP_DEFAULTS } from '../../core/bundle/index.js';
import { InvariantError, UsageError } from '../../core/errors.js';
import type { ExecutionTask, StepOutcome } from '../../core/ports.js';
import type { ErrorClass, EventBody } from '../../core/run/events.js';
import type { KnownSecret } from '../../core/secrets/index.js';
import { commitStep } from '../git/commit-step.js';
import { findIntegratedStep } from '../git/find-integrated-step.js';
import { GitLockError } from '../git/git-error.js';
import { guardGitConfig, type GitConfigGuard } from '../git/guard-git-config.js';
import { revParse } from '../git/repo-queries.js';
import { runBranchRef, stepBranchName } from '../git/run-branches.js';
import { stepWorktreePath } from '../git/worktree-location.js';
import { buildStepMessage } from '../git/step-trailers.js';
import { reconcileStepPatch } from '../patch/reconcile-step-patch.js';
import { runStepPatch } from '../patch/run-step-patch.js';
import { runTestCommand } from '../patch/run-test-command.js';
import { createWorktree, removeWorktree } from '../git/step-worktree.js';
import { buildToolEnv, buildToolProcessEnv } from '../tools/build-tool-env.js';
import { runProcess } from '../tools/run-process.js';
import type { ToolResult } from '../tools/tool-adapter.js';
import { writePromptInstance } from '../tools/write-prompt-instance.js';
import { logFile } from '../uet-paths.js';
import { describeCheckoutChange, readCheckoutSnapshot } from './checkout-snapshot.js';
import { buildFailureMessage } from './failure-message.js';
import type { LocalContext, RepoFacts } from './local-context.js';

type Outcome = Omit<StepOutcome, 'durationMs' | 'events'> & { readonly events?: readonly EventBody[] };

const failed = (errorClass: ErrorClass, message: string, extra: Partial<Outcome> = {}): Outcome => ({
  ok: false,
  errorClass,
  message,
  ...extra,
});

const toolFields = (r: ToolResult): Partial<Outcome> => ({
  exitCode: r.exitCode,
  ...(r.costUsd !== undefined ? { costUsd: r.costUsd } : {}),
  ...(r.tokens !== undefined ? { tokens: r.tokens } : {}),
});

/**
 * The repository's git files as they were before repository code ran in the step's worktree (guardGitConfig), put
 * back after each run of it (the tool, the validation, the test command) and before UET's git runs again; what had
 * to be put back, for a warning.
 */
interface ConfigWatch {
  guard?: GitConfigGuard;
  readonly restored: Set<string>;
}

const restoreConfig = async (watch: ConfigWatch) => {
  for (const f of (await watch.guard?.restore()) ?? []) watch.restored.add(f);
};

/** Tool, commit on the step branch, validation, integration: in a fresh worktree at the run-branch tip. */
async function runAttempt(
  ctx: LocalContext,
  facts: RepoFacts,
  task: ExecutionTask,
  worktree: string,
  watch: ConfigWatch,
): Promise<Outcome> {
  const { node, runId, attempt } = task;
  const step = node.step!;
  const tool = ctx.tools.get(task.toolId);
  if (!tool)
    return failed(
      'tool_unavailable',
      `no tool adapter "${task.toolId}" (known: ${[...ctx.tools.keys()].join(', ')})`,
    );
  const tip = await revParse(facts.root, runBranchRef(runId));
  if (tip === null) throw new UsageError(`run branch ${runBranchRef(runId)} does not exist`);
  await createWorktree(facts.root, facts.commonDir, worktree, tip, {
    branch: stepBranchName(runId, node.id),
  });
  watch.guard = await guardGitConfig(worktree);

  const env = buildToolEnv(ctx.parentEnv, {
    runId,
    attempt,
    stepId: node.id,
    wsId: node.wsId,
    worktree,
    ...(step.context?.env ? { extra: step.context.env } : {}),
  });
  const logPath = logFile(facts.root, runId, node.id, attempt);
  if (task.prompt) await writePromptInstance(facts.root, runId, task.prompt.instance);
  const result = await tool.run({
    worktree,
    node,
    attempt,
    runId,
    timeoutMs: task.timeoutMs,
    signal: task.signal,
    env: buildToolProcessEnv(env, ctx.parentEnv, tool.envPassThrough), // the tool's own variables win; its process only
    logPath,
    redact: ctx.redactor.secrets,
    ...(task.budgetRemainingUsd !== undefined ? { budgetRemainingUsd: task.budgetRemainingUsd } : {}),
    ...(task.prompt ? { prompt: task.prompt } : {}),
  });
  await restoreConfig(watch);
  const fields = toolFields(result);
  if (result.errorClass)
    return failed(
      result.errorClass,
      buildFailureMessage(`step ${node.id}: ${result.message ?? 'the tool failed'}`, result.outputTail),
      fields,
    );

  const patches = ctx.patches(facts.root);
  const patchId = patches.ids.newId();
  const committed = await commitStep(
    worktree,
    buildStepMessage(step.name ?? step.step_id, { runId, stepId: node.id, attempt, patchId }),
    facts.configArgs,
    tip,
  );
  const validate = () => runValidation(task, worktree, env, logPath, fields, ctx.redactor.secrets).finally(() => restoreConfig(watch));
  if (!committed) return (await validate()) ?? { ok: true, filesChanged: 0, ...fields };

  // The patch pipeline (docs/patch-ledger.md): capture, policy, validation and tests, then the run branch or quarantine.
  let validationFailure: Outcome | null = null;
  const instance = task.prompt?.instance;
  const { outcome, events } = await runStepPatch({
    patches,
    commonDir: facts.commonDir,
    configArgs: facts.configArgs,
    mergeBaseOption: facts.mergeBaseOption,
    runId,
    node,
    attempt,
    toolId: task.toolId,
    ...(instance?.prompt_hash !== undefined ? { promptHash: instance.prompt_hash } : {}),
    ...(instance?.execution_request_id !== undefined ? { executionRequestId: instance.execution_request_id } : {}),
    base: tip,
    stepCommit: committed.commit,
    patchId,
    verify: async (tests) => {
      validationFailure = await validate();
      if (validationFailure) return { rejected: validationFailure.message ?? 'validation failed' };
      const command = tests.command ?? step.validation?.test_command;
      if (!tests.needed || command === undefined) return {};
      if (command === step.validation?.test_command) return { testCommand: { command, passed: true } };
      const timeoutMs = (step.validation?.timeout_seconds ?? STEP_DEFAULTS.validation_timeout_seconds) * 1000;
      const tested = await runTestCommand({ command, cwd: worktree, env, timeoutMs, signal: task.signal, logPath, redact: ctx.redactor.secrets }).finally(() => restoreConfig(watch));
      return { testCommand: tested };
    },
  });
  const withEvents = { ...fields, patchId, events };
  switch (outcome.status) {
    case 'committed':
      return { ok: true, commit: outcome.commit!, filesChanged: committed.filesChanged, ...withEvents };
    case 'conflicted':
      return failed('conflict', `step ${node.id}: its change conflicts with the run branch in: ${(outcome.conflicts ?? []).join(', ')}`, withEvents);
    case 'quarantined':
      return failed('policy_violation', `step ${node.id}: ${outcome.message ?? 'patch quarantined'}`, withEvents);
    case 'rejected':
      return validationFailure
        ? { ...(validationFailure as Outcome), patchId, events } // assigned in verify, which TS cannot see
        : failed('permanent', `step ${node.id}: ${outcome.message ?? 'patch rejected'}`, withEvents);
  }
}

/** The step's validation command in its worktree: null when it passes (or there is none), else the failure. */
async function runValidation(
  task: ExecutionTask,
  worktree: string,
  env: Readonly<Record<string, string>>,
  logPath: string,
  fields: Partial<Outcome>,
  redact: readonly KnownSecret[],
): Promise<Outcome | null> {
  const v = task.node.step!.validation;
  if (!v) return null;
  const expected = v.expected_exit_code ?? STEP_DEFAULTS.expected_exit_code;
  const timeoutMs = (v.timeout_seconds ?? STEP_DEFAULTS.validation_timeout_seconds) * 1000;
  const r = await runProcess({
    command: v.test_command,
    cwd: worktree,
    env,
    timeoutMs,
    signal: task.signal,
    logPath,
    logHeader: `--- uet: validation\n$ ${v.test_command}\n`,
    redact,
  });
  if (r.canceled) return failed('canceled', `step ${task.node.id}: canceled during validation`, fields);
  if (!r.timedOut && r.exitCode === expected) return null;
  const what = r.timedOut
    ? `validation timed out after ${timeoutMs} ms`
    : `validation exited with ${r.exitCode} (expected ${expected})`;
  return failed(
    'validation_failed',
    buildFailureMessage(`step ${task.node.id}: ${what}: ${v.test_command}`, r.outputTail),
    { ...fields, exitCode: r.exitCode },
  );
}

/** A lock file still held after runGit waited for it may be released later: transient (retried), never permanent. */
const errorClassOf = (e: unknown): ErrorClass => (e instanceof GitLockError ? 'transient_error' : 'permanent');

/**
 * One step attempt, end to end. Never rejects except for a broken invariant: git or file-system failures become a
 * 'permanent' outcome with the reason ('transient_error' for a lock file that stayed held). A change of the user's
 * checkout during the step becomes a warning event.
 */
export async function executeStep(ctx: LocalContext, task: ExecutionTask): Promise<StepOutcome> {
  const { node, runId } = task;
  if (node.kind !== 'step' || !node.step)
    throw new InvariantError(`executeStep was given ${node.kind} node ${node.id}`);
  const started = ctx.options.clock.now();
  const elapsed = () => Math.max(0, ctx.options.clock.now() - started);
  let facts: RepoFacts;
  try {
    facts = await ctx.facts();
    const recovered = await findIntegratedStep(facts.root, runId, node.id, ctx.options.baseCommit);
    if (recovered) {
      const patch = await reconcileStepPatch(ctx.patches(facts.root), runId, node.id, recovered.commit);
      return {
        ok: true,
        commit: recovered.commit,
        filesChanged: recovered.filesChanged,
        durationMs: 0,
        message: 'recovered',
        ...(patch.patchId !== undefined ? { patchId: patch.patchId } : {}),
        ...(patch.events.length ? { events: patch.events } : {}),
      };
    }
  } catch (e) {
    return { ...failed(errorClassOf(e), `step ${node.id}: ${(e as Error).message}`), durationMs: elapsed() };
  }
  const worktree = stepWorktreePath(facts.commonDir, runId, node.id);
  const before = await readCheckoutSnapshot(facts.root).catch(() => null);
  let outcome: Outcome;
  const watch: ConfigWatch = { restored: new Set() };
  try {
    outcome = await runAttempt(ctx, facts, task, worktree, watch);
  } catch (e) {
    if (e instanceof InvariantError) throw e;
    outcome = failed(errorClassOf(e), `step ${node.id}: ${(e as Error).message}`);
  } finally {
    await restoreConfig(watch).catch(() => undefined);
    if (!ctx.options.keepWorktrees)
      await removeWorktree(facts.root, facts.commonDir, worktree).catch(() => undefined);
  }
  const events: EventBody[] = [...(outcome.events ?? [])];
  if (watch.restored.size)
    events.push({
      type: 'warning',
      data: {
        kind: 'git_config_restored',
        message: `step ${node.id} changed what git reads from the repository (${[...watch.restored].join(', ')}); UET put it back before running git there again, and ran none of it`,
        step_id: node.id,
      },
    });
  const after = before && (await readCheckoutSnapshot(facts.root).catch(() => null));
  const change = before && after && describeCheckoutChange(before, after);
  if (change) {
    events.push({
      type: 'warning',
      data: {
        kind: 'checkout_changed',
        message: `the checkout at ${facts.root} changed while step ${node.id} ran: ${change}`,
        step_id: node.id,
      },
    });
  }
  const promptHash = task.prompt?.instance.prompt_hash;
  const { events: _own, ...rest } = outcome;
  return { ...rest, durationMs: elapsed(), ...(events.length ? { events } : {}), ...(promptHash ? { promptHash } : {}) };
}
