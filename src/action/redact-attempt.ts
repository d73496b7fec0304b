import type { PatchArtifact } from '../core/contracts/index.js';
import { checkSecretInPatch, describeViolation, parseGitDiff } from '../core/patch/index.js';
import type { Redactor } from '../core/secrets/index.js';
import type { AttemptRecord, PatchStore } from './patch-dir.js';
import { boundAttemptRecord } from './validate-attempt-record.js';

export interface AttemptOutput {
  readonly record: AttemptRecord;
  readonly artifact?: PatchArtifact;
  readonly scope?: string;
}

/**
 * What a job hands over (attempt.json, patch.json, the job summary and outputs, all of which the repository's
 * readers can see) without a credential the job holds, and within the bounds the integrate job takes: a patch that
 * adds a credential is quarantined (secret_in_patch: the record fails with policy_violation), every string of the
 * record and the artifact is redacted, the diff too, and the record is cut to its limits (boundAttemptRecord). Pure.
 */
export function redactAttempt<T extends AttemptOutput>(redactor: Redactor, out: T): T {
  if (!redactor.secrets.length) return { ...out, record: boundAttemptRecord(out.record) };
  let { record } = out;
  const parsed = out.artifact ? parseGitDiff(out.artifact.diff_text) : undefined;
  const found = parsed?.ok ? checkSecretInPatch(parsed.files, redactor) : out.artifact && redactor.find(out.artifact.diff_text).length ? [{ rule: 'secret_in_patch', message: `the patch adds the value of ${redactor.find(out.artifact.diff_text).join(', ')}` }] : [];
  if (found.length) {
    const violations = [...record.policy.violations, ...found];
    record = {
      ...record,
      ok: false,
      error_class: 'policy_violation',
      validation: 'skipped',
      message: `step ${record.node_id}: patch quarantined: ${violations.map(describeViolation).join('; ')}`,
      policy: { passed: false, violations, quarantine_reason: record.policy.quarantine_reason ?? 'policy_violation' },
    };
  }
  const redacted = redactor.redactDeep({ ...out, record });
  return { ...redacted, record: boundAttemptRecord(redacted.record) };
}

/** A patch store whose records are read back redacted: what the integrate job puts into the ledger holds no credential it holds. */
export function redactingPatchStore(store: PatchStore, redactor: Redactor): PatchStore {
  return {
    write: (record, artifact) => store.write(record, artifact),
    async read() {
      const { record, artifact } = await store.read();
      return { record: redactor.redactDeep(record), artifact };
    },
  };
}
