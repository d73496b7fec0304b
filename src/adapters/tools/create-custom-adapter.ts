import { performance } from 'node:perf_hooks';
import type { RouterCustomAdapter } from '../../core/contracts/index.js';
import { loadCustomAdapter, type LoadedCustom } from './load-custom-adapter.js';
import type { ToolAdapter, ToolInput } from './tool-adapter.js';
import { toToolResult } from './to-tool-result.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
const TIMED_OUT = Symbol('timed out');
const CANCELED = Symbol('canceled');

/**
 * The adapter's answer, or how the attempt was stopped first: its timeout or the run's cancellation. UET cannot
 * kill a module's work, but the attempt ends there (and the pending timer keeps the process alive until then).
 */
async function settleWithin<T>(work: Promise<T>, input: ToolInput): Promise<T | typeof TIMED_OUT | typeof CANCELED> {
  if (input.signal.aborted) return CANCELED;
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const stopped = new Promise<typeof TIMED_OUT | typeof CANCELED>((resolve) => {
    if (Number.isFinite(input.timeoutMs) && input.timeoutMs > 0)
      timer = setTimeout(() => resolve(TIMED_OUT), Math.min(input.timeoutMs, MAX_TIMER_MS));
    onAbort = () => resolve(CANCELED);
    input.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    input.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A custom adapter from router_config custom_adapters, loaded on first use from the repository. A module that is
 * missing or malformed fails the attempt with tool_unavailable and the reason (so routing falls back to the next
 * candidate); an exception thrown by the adapter is a permanent failure. An adapter that has not answered by the
 * attempt's timeout fails it as `timeout`, and one still running when the run is interrupted as `canceled`.
 */
export function createCustomAdapter(
  id: string,
  spec: RouterCustomAdapter,
  repoRoot: string,
): ToolAdapter & { load(): Promise<LoadedCustom> } {
  let loaded: Promise<LoadedCustom> | undefined;
  const load = () => (loaded ??= loadCustomAdapter(id, spec, repoRoot));
  return {
    id,
    load,
    async run(input) {
      const adapter = await load();
      if (!adapter.ok)
        return {
          exitCode: 127,
          errorClass: 'tool_unavailable',
          message: adapter.message,
          outputTail: '',
          durationMs: 0,
        };
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const value = await settleWithin(adapter.run(input), input);
        if (value === TIMED_OUT)
          return {
            exitCode: 124,
            errorClass: 'timeout',
            message: `custom adapter ${id} timed out after ${input.timeoutMs} ms`,
            outputTail: '',
            durationMs: elapsed(),
          };
        if (value === CANCELED)
          return { exitCode: 130, errorClass: 'canceled', message: 'canceled', outputTail: '', durationMs: elapsed() };
        return toToolResult(value, elapsed());
      } catch (e) {
        const message = `custom adapter ${id} threw: ${e instanceof Error ? e.message : String(e)}`;
        return {
          exitCode: 1,
          errorClass: 'permanent',
          message,
          outputTail: e instanceof Error && e.stack ? e.stack.slice(-4096) : '',
          durationMs: elapsed(),
        };
      }
    },
  };
}
