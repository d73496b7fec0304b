import type { RouterConfig } from '../contracts/index.js';
import { adapterOf, BUILT_IN_ROUTER_CONFIG } from '../router/index.js';
import type { RunState } from './state.js';

/** The jobs of the UET workflow that run an AI tool, each holding only that tool's own secrets (ADR 0016). */
export const TOOL_JOBS = ['claude', 'codex', 'aider'] as const;

/**
 * The `tool` input of a dispatch: which tool job runs the node's AI tool, or `none` for a node that runs no AI
 * tool (a shell step, a custom adapter, a gate), whose work runs in the `sandbox` job alone.
 */
export type ToolJob = (typeof TOOL_JOBS)[number] | 'none';

export const TOOL_JOB_CHOICES: readonly ToolJob[] = ['none', ...TOOL_JOBS];

/** The tool job of a tool id under a router configuration: the adapter that drives it, when it is an AI tool. Pure. */
export function toolJobOfTool(config: RouterConfig, toolId: string): ToolJob {
  const adapter = adapterOf(config, toolId);
  return (TOOL_JOBS as readonly string[]).includes(adapter) ? (adapter as ToolJob) : 'none';
}

/**
 * The tool job of a node's current attempt, from the run's log: a gate runs none; a step, the job of the tool its
 * route names (route_decided is always recorded before a start is claimed), else of its tool_profile_id. Whoever
 * dispatches the attempt sends this as the `tool` input, and the jobs check it again against the same log. Pure.
 */
export function toolJobOf(state: RunState, nodeId: string): ToolJob {
  const node = state.plan.nodes.get(nodeId);
  if (!node || node.kind === 'gate') return 'none';
  const toolId = state.nodes.get(nodeId)?.route?.toolId ?? node.step?.tool_profile_id ?? 'shell';
  return toolJobOfTool(state.options.routing?.router_config ?? BUILT_IN_ROUTER_CONFIG, toolId);
}
