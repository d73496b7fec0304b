import type { RouterConfig } from '../../core/contracts/index.js';
import { createAiderAdapter } from './aider-adapter.js';
import { createClaudeAdapter, type CliAdapterOptions } from './claude-adapter.js';
import { createCodexAdapter } from './codex-adapter.js';
import { createCustomAdapter } from './create-custom-adapter.js';
import type { ToolAdapter } from './tool-adapter.js';
import { toolAdapters } from './tool-adapters.js';

const FACTORIES: Record<string, (o: CliAdapterOptions) => ToolAdapter> = {
  claude: createClaudeAdapter,
  codex: createCodexAdapter,
  aider: createAiderAdapter,
};

/**
 * The tool adapters of a run, by tool id: the built-in ones, then every custom adapter of the router_config
 * (loaded from `repoRoot` on first use; a custom id may not shadow a built-in one), then every configured tool
 * (router_config `tools`): an AI tool with its own binary, model or minimal version, or an alias of another
 * adapter through `adapter`.
 */
export function createToolRegistry(
  config: RouterConfig | undefined,
  repoRoot: string,
): Map<string, ToolAdapter> {
  const registry = new Map(toolAdapters);
  for (const [id, spec] of Object.entries(config?.custom_adapters ?? {})) {
    if (!toolAdapters.has(id)) registry.set(id, createCustomAdapter(id, spec, repoRoot));
  }
  for (const [id, entry] of Object.entries(config?.tools ?? {})) {
    const adapterId = entry.adapter ?? id;
    const factory = FACTORIES[adapterId];
    if (factory) {
      if (
        id === adapterId &&
        entry.binary === undefined &&
        entry.model === undefined &&
        entry.min_version === undefined
      )
        continue;
      registry.set(
        id,
        factory({
          id,
          ...(entry.binary !== undefined ? { binary: entry.binary } : {}),
          ...(entry.model !== undefined ? { model: entry.model } : {}),
          ...(entry.min_version !== undefined ? { minVersion: entry.min_version } : {}),
        }),
      );
      continue;
    }
    const target = registry.get(adapterId);
    if (target && id !== adapterId) registry.set(id, { ...target, id, run: (input) => target.run(input) });
  }
  return registry;
}
