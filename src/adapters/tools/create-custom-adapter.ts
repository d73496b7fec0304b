import { performance } from 'node:perf_hooks';
import type { RouterCustomAdapter } from '../../core/contracts/index.js';
import { loadCustomAdapter, type LoadedCustom } from './load-custom-adapter.js';
import type { ToolAdapter } from './tool-adapter.js';
import { toToolResult } from './to-tool-result.js';

/**
 * A custom adapter from router_config custom_adapters, loaded on first use from the repository. A module that is
 * missing or malformed fails the attempt with tool_unavailable and the reason (so routing falls back to the next
 * candidate); an exception thrown by the adapter is a permanent failure.
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
      try {
        return toToolResult(await adapter.run(input), Math.round(performance.now() - started));
      } catch (e) {
        const message = `custom adapter ${id} threw: ${e instanceof Error ? e.message : String(e)}`;
        return {
          exitCode: 1,
          errorClass: 'permanent',
          message,
          outputTail: e instanceof Error && e.stack ? e.stack.slice(-4096) : '',
          durationMs: Math.round(performance.now() - started),
        };
      }
    },
  };
}
