export type RiskTier = 'low' | 'medium' | 'high' | 'critical';
export type Complexity = 'trivial' | 'low' | 'medium' | 'high';
export type RoutingStrategy = 'fixed' | 'round_robin' | 'auto';
export type RouteStrategy = RoutingStrategy | 'explicit';
export type BreakerView = 'closed' | 'half_open' | 'open';

/** What the router knows about one step: the routing half of an execution_request. */
export interface RouteRequest {
  readonly stepId: string;
  /** The step's tool_profile_id: when present, no routing takes place. */
  readonly explicitTool?: string;
  /** The workstream's kind as a task kind (docs, code_edit, ...). */
  readonly taskKind?: string;
  readonly riskTier: RiskTier;
  readonly complexity: Complexity;
  readonly domain?: string;
  /** The write and create scope (context.files and context.create_files). */
  readonly paths: readonly string[];
  readonly hasCommand: boolean;
  readonly hasInstruction: boolean;
}

/** What the engine tells the router about the run at the moment of the decision. */
export interface RouteEnv {
  /** The circuit breaker of a tool in the step's workstream. */
  breaker(toolId: string): BreakerView;
  /** Whether the tool was found when the run was created and has not reported tool_unavailable since. */
  isAvailable(toolId: string): boolean;
  /** How many round-robin decisions the run has recorded for a rule (`defaults` for the defaults). */
  roundRobinCount(key: string): number;
  /** What is left of the tightest budget (bundle or workstream), when one applies. */
  readonly budgetRemainingUsd?: number;
}

/** The router's answer: the route_decided event's data, plus whether another candidate could take over. */
export interface RouteDecision {
  readonly toolId: string;
  readonly strategy: RouteStrategy;
  readonly reason: string;
  readonly ruleId?: string;
  /** The tools considered, in preference order. */
  readonly candidates: readonly string[];
}

/** The tool id of a route that found no tool: the executor reports tool_unavailable for it. */
export const NO_TOOL = 'none';
