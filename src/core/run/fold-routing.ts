import type { RunEvent } from './events.js';
import { createRoutingRuntime, type RoutingRuntime } from './routing-state.js';
import type { RunState } from './state.js';

export const routingOf = (state: RunState): RoutingRuntime => (state.routing ??= createRoutingRuntime());

/**
 * The routing part of the fold, applied after the main one for every event. route_decided sets the route of the
 * step's next attempt and advances its round-robin position; prompt_rendered sets the attempt's prompt;
 * step_started copies both onto the attempt record; an abandoned attempt passes its route on to the next one; a
 * tool_unavailable failure marks the tool unusable for the rest of the run, so that routing falls back.
 */
export function applyRoutingEvent(state: RunState, e: RunEvent): void {
  switch (e.type) {
    case 'route_decided': {
      const n = state.nodes.get(e.data.step_id);
      if (!n) return;
      const r = routingOf(state);
      const rec = {
        stepId: n.id,
        forAttempt: n.attempts + 1,
        toolId: e.data.tool_id,
        strategy: e.data.strategy,
        reason: e.data.reason,
        ...(e.data.rule_id !== undefined ? { ruleId: e.data.rule_id } : {}),
        ...(e.data.candidates !== undefined ? { candidates: e.data.candidates } : {}),
      };
      n.route = rec;
      r.decisions.push(rec);
      if (e.data.strategy === 'round_robin') {
        const key = e.data.rule_id ?? 'defaults';
        r.roundRobin.set(key, (r.roundRobin.get(key) ?? 0) + 1);
      }
      return;
    }
    case 'prompt_rendered': {
      const n = state.nodes.get(e.data.step_id);
      if (!n) return;
      const rec = {
        stepId: n.id,
        attempt: e.data.attempt,
        promptId: e.data.prompt_id,
        promptHash: e.data.prompt_hash,
        createdAt: e.ts,
      };
      n.prompt = rec;
      routingOf(state).prompts.push(rec);
      return;
    }
    case 'step_started': {
      const n = state.nodes.get(e.data.step_id);
      const a = state.attempts.at(-1);
      if (!n || !a || a.attemptId !== e.data.attempt_id) return;
      if (n.route?.forAttempt === e.data.attempt && n.route.toolId === e.data.tool_id)
        a.route = {
          strategy: n.route.strategy,
          reason: n.route.reason,
          ...(n.route.ruleId !== undefined ? { ruleId: n.route.ruleId } : {}),
        };
      if (n.prompt?.attempt === e.data.attempt)
        a.prompt = { promptId: n.prompt.promptId, promptHash: n.prompt.promptHash };
      return;
    }
    case 'step_abandoned': {
      // Not the tool's fault (the driver died or was interrupted): the next attempt keeps the route.
      const n = state.nodes.get(e.data.step_id);
      if (n?.route && n.route.forAttempt === e.data.attempt)
        n.route = { ...n.route, forAttempt: e.data.attempt + 1 };
      return;
    }
    case 'step_failed': {
      const toolId = state.nodes.get(e.data.step_id)?.toolId;
      if (e.data.error_class === 'tool_unavailable' && toolId !== undefined)
        routingOf(state).unavailable.add(toolId);
      return;
    }
    default:
      return;
  }
}
