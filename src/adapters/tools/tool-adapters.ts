import { aiderAdapter } from './aider-adapter.js';
import { claudeAdapter } from './claude-adapter.js';
import { codexAdapter } from './codex-adapter.js';
import { shellAdapter } from './shell-adapter.js';
import type { ToolAdapter } from './tool-adapter.js';

/**
 * Every built-in tool adapter, by `tool_profile_id`. Configured tools (router_config `tools`, with their binary
 * and model) and custom adapters join these in createToolRegistry.
 */
export const toolAdapters: ReadonlyMap<string, ToolAdapter> = new Map<string, ToolAdapter>(
  [shellAdapter, claudeAdapter, codexAdapter, aiderAdapter].map((a) => [a.id, a]),
);
