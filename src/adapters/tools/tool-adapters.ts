import { shellAdapter } from './shell-adapter.js';
import type { ToolAdapter } from './tool-adapter.js';

/** Every tool adapter, by `tool_profile_id`. New adapters (aider, claude, codex, custom) register here. */
export const toolAdapters: ReadonlyMap<string, ToolAdapter> = new Map<string, ToolAdapter>([
  [shellAdapter.id, shellAdapter],
]);
