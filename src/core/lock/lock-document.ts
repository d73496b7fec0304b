import type { LockEntry, LockTable } from './lock-table.js';

// The lock table as stored: `{"base": ..., "entries": [...]}` as JSON, in a commit on GitHub (refs/uet/locks/<base>)
// and in a file locally. Whoever can push a ref can write one, so it is read as untrusted input: anything that is
// not exactly this shape is refused as a whole (the adapter then treats the table as foreign and says so).

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_ENTRIES = 500;
const MAX_GLOBS = 1000;

export type ParsedLockTable = { ok: true; table: LockTable } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEntry(v: unknown, i: number): LockEntry | string {
  if (!isObj(v)) return `entries/${i}: not an object`;
  const { run_id, scope, state, since, owner } = v;
  if (typeof run_id !== 'string' || !RUN_ID.test(run_id) || run_id.includes('..')) return `entries/${i}/run_id: not a run id`;
  if (!Array.isArray(scope) || !scope.length || scope.length > MAX_GLOBS || !scope.every((g) => typeof g === 'string' && g.length > 0 && g.length <= 1024))
    return `entries/${i}/scope: expected 1 to ${MAX_GLOBS} globs`;
  if (state !== 'held' && state !== 'waiting') return `entries/${i}/state: expected held or waiting`;
  if (typeof since !== 'string' || Number.isNaN(Date.parse(since))) return `entries/${i}/since: not a time`;
  if (!isObj(owner)) return `entries/${i}/owner: not an object`;
  if (owner.kind === 'github') return { run_id, scope: scope as string[], state, since, owner: { kind: 'github' } };
  if (owner.kind === 'local' && Number.isInteger(owner.pid) && (owner.pid as number) > 0 && typeof owner.hostname === 'string')
    return { run_id, scope: scope as string[], state, since, owner: { kind: 'local', pid: owner.pid as number, hostname: owner.hostname } };
  return `entries/${i}/owner: expected {kind: github} or {kind: local, pid, hostname}`;
}

/** The lock table of `base` in `text`, or why it is not one (a different base counts: a table copied from elsewhere). Pure. */
export function parseLockTable(text: string, base: string): ParsedLockTable {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (!isObj(v) || !Array.isArray(v.entries)) return { ok: false, error: 'expected {"base", "entries": [...]}' };
  if (v.base !== base) return { ok: false, error: `it is the table of ${JSON.stringify(v.base)}, not of ${JSON.stringify(base)}` };
  if (v.entries.length > MAX_ENTRIES) return { ok: false, error: `more than ${MAX_ENTRIES} entries` };
  const entries: LockEntry[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of v.entries.entries()) {
    const e = parseEntry(raw, i);
    if (typeof e === 'string') return { ok: false, error: e };
    if (seen.has(e.run_id)) return { ok: false, error: `entries/${i}/run_id: ${e.run_id} is listed twice` };
    seen.add(e.run_id);
    entries.push(e);
  }
  return { ok: true, table: { base, entries } };
}

/** The table as stored (stable key order, one line per entry). Pure. */
export function renderLockTable(table: LockTable): string {
  const lines = table.entries.map((e) => '    ' + JSON.stringify({ run_id: e.run_id, state: e.state, since: e.since, owner: e.owner, scope: e.scope }));
  return `{\n  "base": ${JSON.stringify(table.base)},\n  "entries": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** An empty table. */
export const emptyLockTable = (base: string): LockTable => ({ base, entries: [] });
