import type { NodeState } from '../../core/run/index.js';

/** How a node state shows in comments: a checklist box and an emoji. */
export const STATE_MARK: Record<NodeState, string> = {
  pending: '⏳ pending',
  ready: '⏳ ready',
  running: '🔄 running',
  retry_wait: '🔁 waiting to retry',
  blocked: '⛔ blocked',
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  canceled: '🚫 canceled',
};

export const RUN_MARK: Record<string, string> = {
  pending: '⏳ pending',
  running: '🔄 running',
  paused: '⏸️ paused',
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  canceled: '🚫 canceled',
  quarantined: '☣️ quarantined',
};
