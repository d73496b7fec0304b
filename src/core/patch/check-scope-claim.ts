import type { PatchArtifact, PatchScope, PatchViolation } from '../contracts/index.js';
import { sha256Of } from './build-patch-artifact.js';

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const s = new Set(a);
  return s.size === new Set(b).size && b.every((x) => s.has(x));
};
const renames = (r: PatchScope['files_renamed']) => (r ?? []).map((x) => `${x.from}\u0000${x.to}`);

/**
 * Where an artifact's claims disagree with its own diff: the scope it states against the scope recomputed from
 * diff_text (files, line counts, hunks, and each optional list it states), and diff_sha256 against the diff. Any
 * disagreement marks the artifact as forged.
 */
export function checkScopeClaim(artifact: PatchArtifact, actual: PatchScope): PatchViolation[] {
  const out: PatchViolation[] = [];
  const claim = artifact.scope;
  const say = (what: string, claimed: unknown, real: unknown) =>
    out.push({ rule: 'scope_mismatch', message: `the artifact claims ${what} ${JSON.stringify(claimed)} but its diff has ${JSON.stringify(real)}` });
  if (!sameSet(claim.files_touched, actual.files_touched)) say('files_touched', claim.files_touched, actual.files_touched);
  if (claim.line_insertions !== actual.line_insertions) say('line_insertions', claim.line_insertions, actual.line_insertions);
  if (claim.line_deletions !== actual.line_deletions) say('line_deletions', claim.line_deletions, actual.line_deletions);
  if (claim.hunks !== actual.hunks) say('hunks', claim.hunks, actual.hunks);
  for (const f of ['files_created', 'files_deleted', 'binary_files'] as const) {
    const c = claim[f];
    if (c !== undefined && !sameSet(c, actual[f] ?? [])) say(f, c, actual[f] ?? []);
  }
  if (claim.files_renamed !== undefined && !sameSet(renames(claim.files_renamed), renames(actual.files_renamed)))
    say('files_renamed', claim.files_renamed, actual.files_renamed ?? []);
  if (artifact.diff_sha256 !== undefined && artifact.diff_sha256.replace(/^sha256:/, '') !== sha256Of(artifact.diff_text).slice(7))
    out.push({ rule: 'diff_hash_mismatch', message: 'diff_sha256 does not match diff_text: the diff was altered after capture' });
  return out;
}
