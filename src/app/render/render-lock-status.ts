import { lockBlockers, type LockTable } from '../../core/lock/index.js';

/**
 * The lock section of `/uet status` (ADR 0024): whether the run holds the lock of its base, waits (behind which
 * runs, on which paths), or holds none, and every run in the table. Pure.
 */
export function renderLockStatus(runId: string, base: string, stored: { table: LockTable; foreign?: string }): string {
  const head = `\n\n**Lock of \`${base}\`:** `;
  if (stored.foreign !== undefined)
    return `${head}the lock table \`refs/uet/locks/${encodeURIComponent(base)}\` is not UET's (${stored.foreign}); runs with a lock wait until a writer comments \`/uet unlock --reset ${base}\`.`;
  const mine = stored.table.entries.find((e) => e.run_id === runId);
  const line = !mine
    ? 'this run holds none (it has not asked yet, or has ended).'
    : mine.state === 'held'
      ? `this run holds it since ${mine.since}.`
      : `this run is queued since ${mine.since}, behind ${lockBlockers(stored.table, runId, mine.scope)
          .map((b) => `run \`${b.run_id}\` (${b.state === 'held' ? 'running' : 'queued'}; overlapping \`${b.overlap.slice(0, 3).join('`, `')}\`)`)
          .join(', ')}. A writer can break a lock with \`/uet unlock <run id>\`.`;
  const rows = stored.table.entries.map((e) => `| \`${e.run_id}\` | ${e.state} | ${e.since} | \`${e.scope.slice(0, 3).join('`, `')}\`${e.scope.length > 3 ? ' …' : ''} |`);
  return `${head}${line}${rows.length ? `\n\n| run | state | since | scope |\n|---|---|---|---|\n${rows.join('\n')}` : ''}`;
}
