import type { BootstrapReport } from '../contracts/index.js';
import { plural } from '../plural.js';
import type { ArtifactChange } from './describe-change.js';
import { roundShares } from './round-shares.js';

const MARK = { new: '+', changed: '~', unchanged: '=' } as const;
/** Lines of difference shown per changed file; `--json` and the file itself have the rest. */
const DIFF_LINES = 40;
/** Languages named in the summary; the rest are summed as "other". */
const LANGUAGES_SHOWN = 6;

function describe(c: ArtifactChange | undefined): string {
  if (!c) return '';
  if (c.state === 'new') return `new, ${plural(c.lines, 'line')}`;
  if (c.state === 'unchanged') return 'unchanged';
  return `changed: +${c.added} -${c.removed} ${c.added + c.removed === 1 ? 'line' : 'lines'}`;
}

/**
 * The human summary of a bootstrap report: languages with their share, the profile and why, the composition,
 * the gates, the validation results and what was (or would be) written. Pure; returns lines without newlines.
 */
export function renderSummary(report: BootstrapReport, changes: ReadonlyMap<string, ArtifactChange>): string[] {
  const d = report.discovery;
  const out: string[] = [];
  if (d) {
    out.push(`uet bootstrap: ${d.root}${d.commit ? ` (commit ${d.commit.slice(0, 7)})` : ' (staged files, no commit yet)'}`);
    out.push(`Languages${d.languages_source_only.length ? ' (source only)' : ''}: ${renderShares(d.languages_source_only.length ? d.languages_source_only : d.languages)}`);
    const fw = d.frameworks.map((f) => f.name).slice(0, 8);
    if (fw.length) out.push(`Frameworks: ${fw.join(', ')}`);
  }
  if (report.status === 'failed') {
    out.push(`Status: failed: ${report.validation.errors[0]?.message ?? 'unknown error'}`);
    return out;
  }
  const verdict = report.status === 'needs_human' ? 'needs a human to choose; best guess' : 'chosen';
  out.push(`Profile: ${report.profile_id ?? '-'} (${verdict}, confidence ${report.profile_confidence ?? 0})`);
  for (const r of report.profile_reasons ?? []) out.push(`  - ${r}`);
  if (report.status === 'needs_human') out.push(`  candidates: ${(report.profile_candidates ?? []).map((c) => `${c.profile_id} ${c.confidence}`).join(', ')}`);
  for (const m of report.composed_profiles ?? []) out.push(`Composition: ${m.path_glob} -> ${m.profile_id}`);
  // Each command once, however many jobs, matrix entries or workflows run it.
  const gates = [...new Map((d?.ci.workflows.flatMap((w) => w.commands.filter((c) => c.kind !== 'other' && c.kind !== 'build')) ?? []).map((c) => [`${c.kind}\0${c.command}`, c])).values()];
  out.push(gates.length ? 'Gates found:' : 'Gates found: none in CI');
  for (const g of gates.slice(0, 12)) out.push(`  ${g.kind.padEnd(9)} ${g.command}${g.wrapped_by ? `   (via ${g.wrapped_by})` : ''}`);
  const v = report.validation;
  out.push(`Validation: ${plural(v.errors.length, 'error')}, ${plural(v.warnings.length, 'warning')}, ${plural(v.auto_fixes.length, 'auto-fix', 'auto-fixes')}`);
  for (const e of v.errors) out.push(`  error   ${e.path} ${e.pointer || '/'}: ${e.message}`);
  for (const w of v.warnings.slice(0, 10)) out.push(`  warning ${w.path} ${w.pointer || '/'}: ${w.message}`);
  for (const f of v.auto_fixes.slice(0, 10)) out.push(`  fixed   ${f.path} ${f.pointer ?? ''}: ${f.description}`);
  if (v.warnings.length > 10 || v.auto_fixes.length > 10) out.push('  (more in --json)');
  const wrote = report.write && report.artifacts.some((a) => a.written);
  out.push(report.write ? (wrote ? 'Wrote:' : 'Nothing written:') : 'Would write (dry run; add --write):');
  for (const a of report.artifacts) {
    const change = changes.get(a.path);
    const mark = change ? MARK[change.state] : ' ';
    // --write keeps a file that exists and differs unless --force (nothing is written when the choice needs a human).
    const kept = report.write && report.status !== 'needs_human' && a.valid && !a.written && change?.state === 'changed';
    const note = !a.valid ? ', INVALID: not written' : kept ? ', KEPT: it may hold edits; --force replaces it' : '';
    out.push(`  ${mark} ${a.path} (${describe(change)}${note})`);
    const diff = change?.diff ?? [];
    for (const line of diff.slice(0, DIFF_LINES)) out.push(`      ${line}`);
    if (diff.length > DIFF_LINES) out.push(`      … ${plural(diff.length - DIFF_LINES, 'more line')} of difference`);
  }
  out.push(`Status: ${report.status}`);
  for (const s of report.next_steps.humans) out.push(`Next: ${s}`);
  return out;
}

/** `Python 71.5%, JavaScript 25.3%, Shell 3.2%`: the shares as shown add up to 100%, the rest summed as other. */
function renderShares(languages: readonly { language: string; bytes: number }[]): string {
  if (!languages.length) return 'none counted';
  const shown = languages.slice(0, LANGUAGES_SHOWN);
  const rest = languages.slice(LANGUAGES_SHOWN).reduce((sum, l) => sum + l.bytes, 0);
  const shares = roundShares([...shown.map((l) => l.bytes), rest]);
  const parts = shown.map((l, i) => `${l.language} ${shares[i]!.toFixed(1)}%`);
  if (rest > 0) parts.push(`other ${shares.at(-1)!.toFixed(1)}%`);
  return parts.join(', ');
}
