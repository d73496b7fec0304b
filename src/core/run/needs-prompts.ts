import type { WorkstreamBundle } from '../contracts/index.js';

/**
 * Whether any step of a bundle may get a prompt: one that does not name the shell tool (a step the router routes,
 * or one that names an AI tool or a custom adapter). A run without one needs no instruction file. Pure.
 */
export function needsPrompts(bundle: WorkstreamBundle): boolean {
  return bundle.workstreams.some((ws) => ws.steps.some((s) => s.tool_profile_id !== 'shell'));
}
