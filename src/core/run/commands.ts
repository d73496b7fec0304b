import type { ToolPrompt } from '../prompt/index.js';
import type { EventBody } from './events.js';

/** What decide() asks the driver to do. */
export type Command =
  /** Record a bookkeeping event (a skip, a breaker transition, a pause, completion). */
  | { kind: 'record'; event: EventBody }
  | {
      kind: 'start_step';
      stepId: string;
      attempt: number;
      toolId: string;
      reservedUsd: number;
      halfOpenTrial: boolean;
      timeoutMs: number;
      budgetRemainingUsd?: number;
      /** The attempt's prompt, for AI tools (recorded by prompt_rendered before the start). */
      prompt?: ToolPrompt;
    }
  | { kind: 'start_gate'; nodeId: string; gateId: string; wsId: string | null; gateType: string; attempt: number; timeoutMs: number };

export interface Decision {
  readonly commands: readonly Command[];
  /** The earliest time at which a new decision could differ without any event (a retry or half-open is due). */
  readonly wakeAt?: number;
}
