import type { RunEvent } from '../../core/run/index.js';

/** What the log says about one patch: its latest ledger state, step, paths and reasons. */
export interface PatchSummary {
  readonly patchId: string;
  readonly stepId?: string;
  readonly state: string;
  readonly paths: string[];
  readonly reasons: string[];
  readonly commit?: string;
}

interface PatchEventData {
  patch_id?: string;
  step_id?: string;
  paths?: string[];
  reasons?: string[];
  quarantine_reason?: string;
  commit?: string;
}

/** The patches of a run from its patch_* events (written by the runner's integrate job), in first-seen order. Pure. */
export function summarizePatches(events: readonly RunEvent[]): PatchSummary[] {
  const byId = new Map<string, PatchSummary>();
  for (const e of events as readonly { type: string; data: unknown }[]) {
    if (!e.type.startsWith('patch_')) continue;
    const d = e.data as PatchEventData;
    if (typeof d.patch_id !== 'string') continue;
    const prev = byId.get(d.patch_id);
    const reasons = [
      ...(prev?.reasons ?? []),
      ...(d.reasons ?? []),
      ...(d.quarantine_reason ? [d.quarantine_reason] : []),
    ];
    byId.set(d.patch_id, {
      patchId: d.patch_id,
      ...((d.step_id ?? prev?.stepId) ? { stepId: (d.step_id ?? prev?.stepId)! } : {}),
      state: e.type.slice('patch_'.length),
      paths: d.paths ?? prev?.paths ?? [],
      reasons: [...new Set(reasons)],
      ...((d.commit ?? prev?.commit) ? { commit: (d.commit ?? prev?.commit)! } : {}),
    });
  }
  return [...byId.values()];
}
