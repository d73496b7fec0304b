import type { RouterConfig, RouterTool } from '../contracts/index.js';

/**
 * The built-in tools as registry entries: what a router_config `tools` entry of the same id overrides, field by
 * field. The capabilities and cost tiers feed the auto strategy.
 */
export const BUILT_IN_TOOLS: Readonly<Record<string, RouterTool>> = {
  shell: { kind: 'tool', binary: 'bash', capabilities: ['command'], cost_tier: 'free' },
  claude: {
    kind: 'tool',
    binary: 'claude',
    min_version: '2.1.0',
    capabilities: ['code_edit', 'docs', 'refactor', 'analysis', 'testing'],
    cost_tier: 'high',
  },
  codex: {
    kind: 'tool',
    binary: 'codex',
    min_version: '0.169.0',
    capabilities: ['code_edit', 'refactor', 'testing', 'analysis'],
    cost_tier: 'medium',
  },
  aider: {
    kind: 'tool',
    binary: 'aider',
    min_version: '0.86.0',
    capabilities: ['code_edit', 'docs', 'refactor'],
    cost_tier: 'medium',
  },
};

/** The AI tools the built-in default routes to, in order of preference. */
export const DEFAULT_AI_TOOLS = ['claude', 'codex', 'aider'] as const;

/**
 * The router configuration a run uses when the repository has no `.uet/router_config.json`: no rules, so a step
 * with a command and no instruction goes to shell, and every other step to the first available of claude, codex
 * and aider.
 */
export const BUILT_IN_ROUTER_CONFIG: RouterConfig = {
  version: '1.0.0',
  defaults: { strategy: 'fixed', tool_id: DEFAULT_AI_TOOLS[0], fallbacks: [...DEFAULT_AI_TOOLS.slice(1)] },
};

/** A tool's registry entry: the built-in one with the config's fields on top. */
export function toolEntry(config: RouterConfig, toolId: string): RouterTool | undefined {
  const own = config.tools?.[toolId];
  const builtIn = BUILT_IN_TOOLS[toolId];
  if (!own) return builtIn;
  return builtIn ? { ...builtIn, ...own } : own;
}

/** The adapter that drives a tool: its `adapter`, a custom adapter of that id, or the id itself. */
export function adapterOf(config: RouterConfig, toolId: string): string {
  return config.tools?.[toolId]?.adapter ?? toolId;
}
