import type { Executor } from '../../core/ports.js';
import { toolAdapters } from '../tools/tool-adapters.js';
import { executeStep } from './execute-step.js';
import { createLocalContext, type LocalExecutorOptions } from './local-context.js';
import { runGate } from './run-gate.js';

export type { LocalExecutorOptions } from './local-context.js';

/**
 * The Executor port on a local git repository: each step attempt runs in its own worktree (in the user's cache
 * directory, outside the repository: worktree-location.ts) at the run-branch tip; its change is committed on `uet/step/<run>/<step>`, validated, and applied to
 * `uet/run/<run>`. The user's checkout is never touched. Call prepareLocalRun (or openLocalRun on resume) first.
 */
export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const ctx = createLocalContext(options, toolAdapters);
  // Nothing the executor hands the engine (messages, output tails, patch events) holds a credential UET holds.
  return {
    executeStep: async (task) => ctx.redactor.redactDeep(await executeStep(ctx, task)),
    runGate: async (task) => ctx.redactor.redactDeep(await runGate(ctx, task)),
  };
}
