import type { ExecutionTask, Executor, GateOutcome, StepOutcome } from '../../core/ports.js';

export type ScriptedResult = Omit<StepOutcome, 'durationMs'> & { durationMs?: number };

export interface ScriptedExecutorOptions {
  /** The outcome of an attempt; default: success. Called once per attempt. */
  step?: (task: ExecutionTask) => ScriptedResult | Promise<ScriptedResult>;
  gate?: (task: ExecutionTask) => Omit<GateOutcome, 'durationMs'> | Promise<Omit<GateOutcome, 'durationMs'>>;
}

export interface ScriptedExecutor extends Executor {
  /** Every call, in order: `<node id>#<attempt>`. */
  readonly calls: string[];
  /** Most tasks running at once. */
  readonly maxConcurrent: number;
}

/** An in-memory executor whose outcomes a test or simulation scripts. */
export function createScriptedExecutor(options: ScriptedExecutorOptions = {}): ScriptedExecutor {
  const calls: string[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const track = async <T>(task: ExecutionTask, fn: () => T | Promise<T>): Promise<T> => {
    calls.push(`${task.node.id}#${task.attempt}`);
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    try {
      await Promise.resolve();
      return await fn();
    } finally {
      running -= 1;
    }
  };
  return {
    calls,
    get maxConcurrent() {
      return maxConcurrent;
    },
    executeStep: (task) => track(task, async () => ({ durationMs: 0, ...((await options.step?.(task)) ?? { ok: true }) })),
    runGate: (task) => track(task, async () => ({ durationMs: 0, ...((await options.gate?.(task)) ?? { passed: true }) })),
  };
}
