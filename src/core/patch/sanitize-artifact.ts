import { validateDocument, type PatchArtifact, type PatchViolation } from '../contracts/index.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : -1);

export interface SanitizedArtifact {
  /** The artifact, shaped so that the pipeline can record it; its claims are kept as received. */
  readonly artifact: PatchArtifact;
  /** Where the received document breaks its contract (rule contract): grounds for quarantine as forged. */
  readonly violations: PatchViolation[];
}

/**
 * An artifact handed over from outside (GitHub mode, the error pipeline) as a patch_artifact the ledger can hold,
 * whatever it contains: every contract issue becomes a violation (an escaping path in its scope fails the repo_path
 * pattern), and a patch_id that is not a ULID is replaced by `freshId` so that no received id names a file.
 * Its diff is parsed and checked like any other patch afterwards.
 */
export function sanitizeArtifact(received: unknown, freshId: string, now: string): SanitizedArtifact {
  const checked = validateDocument('patch_artifact', received);
  const violations: PatchViolation[] = checked.ok
    ? []
    : checked.issues.map((i) => ({ rule: 'contract', message: `${i.pointer || '/'}: ${i.message}` }));
  const doc = rec(received);
  const idOk = typeof doc.patch_id === 'string' && ULID.test(doc.patch_id);
  if (!idOk) violations.push({ rule: 'contract', message: `patch_id ${JSON.stringify(doc.patch_id ?? null)} is not a ULID; recorded as ${freshId}` });
  const origin = rec(doc.origin);
  const scope = rec(doc.scope);
  const artifact: PatchArtifact = {
    patch_id: idOk ? (doc.patch_id as string) : freshId,
    format: 'unified_diff',
    target_repo: str(doc.target_repo, ''),
    ...(typeof doc.base_ref === 'string' ? { base_ref: doc.base_ref } : {}),
    base_commit: str(doc.base_commit, ''),
    origin: {
      ...(Object.fromEntries(Object.entries(origin).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Partial<PatchArtifact['origin']>),
      tool_id: str(origin.tool_id, 'unknown'),
      created_at: str(origin.created_at, now),
    },
    ...(typeof doc.summary === 'string' ? { summary: doc.summary } : {}),
    scope: {
      files_touched: strings(scope.files_touched),
      line_insertions: count(scope.line_insertions),
      line_deletions: count(scope.line_deletions),
      hunks: count(scope.hunks),
      ...(Array.isArray(scope.files_created) ? { files_created: strings(scope.files_created) } : {}),
      ...(Array.isArray(scope.files_deleted) ? { files_deleted: strings(scope.files_deleted) } : {}),
      ...(Array.isArray(scope.binary_files) ? { binary_files: strings(scope.binary_files) } : {}),
      ...(Array.isArray(scope.files_renamed)
        ? { files_renamed: scope.files_renamed.map(rec).map((r) => ({ from: str(r.from, ''), to: str(r.to, '') })) }
        : {}),
    },
    diff_text: str(doc.diff_text, ''),
    ...(typeof doc.diff_sha256 === 'string' ? { diff_sha256: doc.diff_sha256 } : {}),
  };
  return { artifact, violations };
}
