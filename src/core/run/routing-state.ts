import type { RouteDecisionStrategy } from './events.js';

/** A route_decided event, as folded: it applies to the step's next attempt. */
export interface RouteRecord {
  readonly stepId: string;
  readonly forAttempt: number;
  readonly toolId: string;
  readonly strategy: RouteDecisionStrategy;
  readonly reason: string;
  readonly ruleId?: string;
  readonly candidates?: readonly string[];
}

/** A prompt_rendered event, as folded. */
export interface PromptRecord {
  readonly stepId: string;
  readonly attempt: number;
  readonly promptId: string;
  readonly promptHash: string;
  /** The event's time: the prompt instance's created_at. */
  readonly createdAt: string;
}

/** What the log says about routing: every decision and prompt, round-robin positions, tools found missing. */
export interface RoutingRuntime {
  readonly decisions: RouteRecord[];
  readonly prompts: PromptRecord[];
  /** Round-robin decisions recorded so far, by rule id (`defaults` for the defaults). */
  readonly roundRobin: Map<string, number>;
  /** Tools that reported tool_unavailable during the run: routing passes over them from then on. */
  readonly unavailable: Set<string>;
}

export const createRoutingRuntime = (): RoutingRuntime => ({
  decisions: [],
  prompts: [],
  roundRobin: new Map(),
  unavailable: new Set(),
});
