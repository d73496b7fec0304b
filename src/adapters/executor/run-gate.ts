import path from 'node:path';
import { InvariantError, UsageError } from '../../core/errors.js';
import type { ExecutionTask, GateOutcome } from '../../core/ports.js';
import { revParse } from '../git/repo-queries.js';
import { gateWorktreeName, runBranchRef } from '../git/run-branches.js';
import { worktreesRoot } from '../git/worktree-location.js';
import { guardGitConfig, type GitConfigGuard } from '../git/guard-git-config.js';
import { createWorktree, removeWorktree } from '../git/step-worktree.js';
import { buildToolEnv } from '../tools/build-tool-env.js';
import { runProcess } from '../tools/run-process.js';
import { logFile } from '../uet-paths.js';
import type { LocalContext } from './local-context.js';

/**
 * Runs a gate's command with `bash -c` in a temporary detached worktree at the run-branch tip, within
 * `task.timeoutMs` (else the gate's timeout_seconds). Exit 0 passes. Git failures make the gate fail with the reason
 * as its output; only a broken invariant rejects.
 */
export async function runGate(ctx: LocalContext, task: ExecutionTask): Promise<GateOutcome> {
  const { node, runId } = task;
  const gate = node.gate;
  if (node.kind !== 'gate' || !gate)
    throw new InvariantError(`runGate was given ${node.kind} node ${node.id}`);
  const started = ctx.options.clock.now();
  const elapsed = () => Math.max(0, ctx.options.clock.now() - started);
  const name = gateWorktreeName(node.id);
  let cleanup: (() => Promise<void>) | undefined;
  let guard: GitConfigGuard | undefined;
  try {
    const facts = await ctx.facts();
    const tip = await revParse(facts.root, runBranchRef(runId));
    if (tip === null) throw new UsageError(`run branch ${runBranchRef(runId)} does not exist`);
    const worktree = path.join(worktreesRoot(facts.commonDir, runId), name);
    cleanup = () => removeWorktree(facts.root, facts.commonDir, worktree);
    await createWorktree(facts.root, facts.commonDir, worktree, tip);
    // The gate's command is repository code: what it writes into git's files is put back before UET's git runs again.
    guard = await guardGitConfig(worktree);
    const env = buildToolEnv(ctx.parentEnv, {
      runId,
      attempt: task.attempt,
      wsId: node.wsId,
      gateId: gate.gate_id,
      worktree,
    });
    const r = await runProcess({
      command: gate.command,
      cwd: worktree,
      env,
      timeoutMs: task.timeoutMs > 0 ? task.timeoutMs : gate.timeout_seconds * 1000,
      signal: task.signal,
      logPath: logFile(facts.root, runId, name, task.attempt),
      logHeader: `--- uet: gate ${node.id} at ${tip}\n$ ${gate.command}\n`,
      redact: ctx.redactor.secrets,
    });
    const restored = await guard.restore();
    const note =
      (r.canceled ? '\n[uet: canceled]' : r.timedOut ? '\n[uet: timed out]' : '') +
      (restored.length ? `\n[uet: the gate changed what git reads (${restored.join(', ')}); put back]` : '');
    return {
      passed: r.exitCode === 0 && !r.timedOut && !r.canceled,
      exitCode: r.exitCode,
      durationMs: elapsed(),
      outputTail: r.outputTail + note,
    };
  } catch (e) {
    if (e instanceof InvariantError) throw e;
    return {
      passed: false,
      durationMs: elapsed(),
      outputTail: `uet: gate ${node.id} could not run: ${(e as Error).message}`,
    };
  } finally {
    await guard?.restore().catch(() => undefined);
    if (cleanup && !ctx.options.keepWorktrees) await cleanup().catch(() => undefined);
  }
}
