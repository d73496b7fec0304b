import type { PatchArtifact, PatchLedgerEntry } from '../contracts/index.js';
import { describeViolation, printablePath as safe } from './patch-events.js';

// eslint-disable-next-line no-control-regex -- control and bidi characters in a diff are shown, not obeyed (Trojan Source)
const DIFF_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Left-aligned in `n` columns, always followed by at least one space. */
const pad = (s: string, n: number) => (s.length >= n - 1 ? `${s} ` : s + ' '.repeat(n - s.length));

/** One line per entry: patch, state, run, step#attempt, size, last change. Pure. */
export function renderLedgerTable(rows: readonly { entry: PatchLedgerEntry; artifact?: PatchArtifact | null }[]): string {
  if (!rows.length) return 'no patches in the ledger\n';
  const head = `${pad('PATCH', 27)}${pad('STATE', 12)}${pad('RUN', 27)}${pad('STEP', 24)}${pad('FILES', 7)}${pad('+/-', 12)}UPDATED\n`;
  return (
    head +
    rows
      .map(({ entry: e, artifact: a }) => {
        const step = e.step_id !== undefined ? `${safe(e.step_id)}#${e.attempt ?? '?'}` : e.relationships.rollback_of ? 'rollback' : '-';
        const files = a ? String(a.scope.files_touched.length) : '?';
        const lines = a ? `+${a.scope.line_insertions} -${a.scope.line_deletions}` : '?';
        return `${pad(e.patch_id, 27)}${pad(e.state, 12)}${pad(safe(e.run_id), 27)}${pad(step, 24)}${pad(files, 7)}${pad(lines, 12)}${e.updated_at}\n`;
      })
      .join('')
  );
}

/** A ledger entry for a person: what, where from, relations, history, checks and violations, then the diff. Pure. */
export function renderLedgerEntry(e: PatchLedgerEntry, artifact: PatchArtifact | null, diff: string | null): string {
  const out: string[] = [];
  const r = e.relationships;
  out.push(`patch ${e.patch_id}: ${e.state}`);
  if (artifact?.summary) out.push(`  ${safe(artifact.summary)}`);
  out.push(`run ${safe(e.run_id)}${e.ws_id ? `  workstream ${safe(e.ws_id)}` : ''}${e.step_id ? `  step ${safe(e.step_id)}` : ''}${e.attempt ? `  attempt ${e.attempt}` : ''}`);
  if (artifact) {
    const o = artifact.origin;
    out.push(`tool ${safe(o.tool_id)}  base ${safe(artifact.base_commit.slice(0, 12))}${o.prompt_hash ? `  prompt ${o.prompt_hash.replace(/^sha256:/, '').slice(0, 12)}` : ''}`);
    out.push(`scope: ${artifact.scope.files_touched.length} files, +${artifact.scope.line_insertions} -${artifact.scope.line_deletions}, ${artifact.scope.hunks} hunks`);
  }
  if (e.commit) out.push(`commit ${e.commit}`);
  const rel = [
    `chain ${safe(r.chain_id)}`,
    r.replaces && `replaces ${r.replaces}`,
    r.superseded_by && `superseded by ${r.superseded_by}`,
    r.rollback_of && `rollback of ${r.rollback_of}`,
    r.rolled_back_by && `rolled back by ${r.rolled_back_by}`,
  ].filter(Boolean);
  out.push(rel.join('  '));
  out.push('', 'history:');
  for (const t of e.state_history) out.push(`  ${t.at}  ${pad(t.from ?? '-', 11)} -> ${pad(t.to, 11)} ${safe(t.reason)}`);
  const checks = e.validation_results ?? [];
  if (checks.length) {
    out.push('', 'checks:');
    for (const c of checks) {
      out.push(`  ${c.passed ? 'passed' : 'FAILED'}  ${c.check}`);
      for (const v of c.violations ?? []) out.push(`          ${describeViolation(v)}`);
    }
  }
  if (e.quarantine) {
    out.push('', `quarantined (${e.quarantine.reason}) at ${e.quarantine.quarantined_at}; kept at ${e.quarantine.path}`);
    for (const v of e.quarantine.reasons) out.push(`  ${describeViolation(v)}`);
  }
  const tries = e.application_attempts ?? [];
  if (tries.length) {
    out.push('', 'applications:');
    for (const a of tries)
      out.push(`  #${a.attempt} ${a.at} ${a.result}${a.commit ? ` ${a.commit.slice(0, 12)}` : ''}${a.conflicting_paths?.length ? ` in ${a.conflicting_paths.join(', ')}` : ''}${a.message ? ` (${a.message})` : ''}`);
  }
  out.push('', diff === null ? '(diff not found)' : diff.replace(/\n?$/, '\n').replace(DIFF_UNSAFE, escapeChar));
  return out.join('\n');
}
