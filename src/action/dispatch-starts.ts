import { dispatchClaim, type ClaimedStart } from './dispatch-claims.js';
import type { IntegrateRequest, IntegrateResult } from './integrate-attempt.js';
import { deleteStartClaim } from './run-ledger.js';

/**
 * Dispatches the starts claimed with the ledger append. A start GitHub refuses (no `actions: write`, no workflow)
 * has its claim withdrawn, so that the app, on this workflow run's completion, decides and starts it itself.
 */
export async function dispatchStarts(r: IntegrateRequest, claims: readonly ClaimedStart[]): Promise<IntegrateResult['dispatched']> {
  const out: IntegrateResult['dispatched'][number][] = [];
  for (const c of claims) {
    const d = await dispatchClaim(r.dispatch!, r.runId, c, r.dispatchOptions);
    if (d.status === 'refused') await deleteStartClaim(r.remote, r.runId, c.nodeId, c.attempt);
    out.push({ nodeId: c.nodeId, attempt: c.attempt, status: d.status, ...(d.status !== 'dispatched' ? { message: d.message } : {}) });
  }
  return out;
}
