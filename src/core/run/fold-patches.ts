import type { RunEvent } from './events.js';
import type { RunState } from './state.js';

/** Counts patch_* events into the run state (run_record counters patches_created/applied/quarantined). */
export function applyPatchEvent(state: RunState, e: RunEvent): void {
  if (e.type !== 'patch_created' && e.type !== 'patch_committed' && e.type !== 'patch_quarantined') return;
  const p = (state.patches ??= { created: 0, applied: 0, quarantined: 0 });
  if (e.type === 'patch_created') p.created += 1;
  else if (e.type === 'patch_committed') p.applied += 1;
  else p.quarantined += 1;
}
