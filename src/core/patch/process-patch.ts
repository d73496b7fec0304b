import type { PatchLedgerEntry, PatchViolation } from '../contracts/index.js';
import type { EventBody } from '../run/events.js';
import { checkTestsRequired, needsTestCommand } from './check-tests-required.js';
import { checkWrittenChanges } from './check-written-changes.js';
import { evaluatePatch, quarantineReasonOf, type QuarantineReason } from './evaluate-patch.js';
import { createLedgerEntry, transitionLedgerEntry, type LedgerChange, type LedgerState } from './ledger-transitions.js';
import { describeViolation, eventPaths, patchEvent } from './patch-events.js';
import type { LedgerWriteOptions } from './ports.js';
import type {
  ApplyResult,
  ExpectedApply,
  PatchJob,
  PatchOutcome,
  PatchPipelinePorts,
  PatchStatus,
  PatchSteps,
} from './patch-pipeline-types.js';

export type * from './patch-pipeline-types.js';

/**
 * The patch pipeline: ledger entry created; quarantined as forged if a header is not one git writes, rejected if the
 * diff is unusable; the mechanical checks (format, always-forbidden, policy, resource scope, oscillation), then the
 * policy again on what git wrote when the patch is applied to its base (written), then verify (validation and
 * tests), and any violation
 * quarantines the patch, its artifact kept in quarantine; otherwise validated and written durably before apply, then
 * applied and committed (or conflicted). Every state change goes through transitionLedgerEntry, and each produces its
 * patch_* event for the run log.
 */
export async function processPatch(ports: PatchPipelinePorts, job: PatchJob, steps: PatchSteps): Promise<PatchOutcome> {
  const at = () => new Date(ports.clock.now()).toISOString();
  // What the ledger keeps never holds a credential: a patch that carried one is kept with it redacted.
  const artifact = job.secrets ? job.secrets.redactDeep(job.artifact) : job.artifact;
  let entry = createLedgerEntry({
    patchId: artifact.patch_id,
    runId: job.runId,
    ...(job.wsId !== undefined ? { wsId: job.wsId } : {}),
    ...(job.stepId !== undefined ? { stepId: job.stepId } : {}),
    ...(job.attempt !== undefined ? { attempt: job.attempt } : {}),
    chainId: job.chainId,
    ...(job.replaces !== undefined ? { replaces: job.replaces } : {}),
    ...(job.rollbackOf !== undefined ? { rollbackOf: job.rollbackOf } : {}),
    patchPath: ports.ledger.diffPath(artifact.patch_id),
    at: at(),
    reason: job.origin,
  });
  const events: EventBody[] = [patchEvent(entry, 'created')];
  const move = (to: LedgerState, change: Omit<LedgerChange, 'at'>, extra: Parameters<typeof patchEvent>[2] = {}) => {
    entry = transitionLedgerEntry(entry, to, { at: at(), ...change });
    events.push(patchEvent(entry, to, extra));
  };
  const save = async (withArtifact: boolean, options?: LedgerWriteOptions) => {
    await ports.ledger.write(entry, withArtifact ? artifact : undefined, options);
    ports.runLedger?.remember(entry);
  };
  const finish = (status: PatchStatus, rest: Partial<PatchOutcome> = {}): PatchOutcome => ({ status, entry, events, violations: [], ...rest });

  const quarantine = async (reason: QuarantineReason, violations: readonly PatchViolation[], validation: LedgerChange['validation']) => {
    const reasons = violations.map(describeViolation);
    const record = { reason, reasons: [...violations], quarantined_at: at(), path: ports.ledger.quarantinePath(artifact.patch_id) };
    move('quarantined', { reason: `${reason}: ${violations.length} violation${violations.length > 1 ? 's' : ''}`, quarantine: record, ...(validation ? { validation } : {}) }, {
      quarantine_reason: reason,
      reasons,
      paths: eventPaths(violations.map((v) => v.path)),
    });
    await save(true);
    await ports.ledger.quarantine(entry, artifact);
    return finish('quarantined', { violations, quarantineReason: reason, message: `patch ${artifact.patch_id} quarantined (${reason}): ${reasons.join('; ')}` });
  };

  const parseErrors: PatchViolation[] = job.parsed.ok ? [] : job.parsed.errors.map((e) => ({ rule: e.forged ? 'forged_header' : 'format', message: `line ${e.line}: ${e.message}` }));
  if (parseErrors.some((v) => v.rule === 'forged_header'))
    return quarantine('forged', parseErrors, [{ check: 'format', passed: false, at: at(), violations: parseErrors }]);
  if (!job.parsed.ok || job.rejectReason !== undefined) {
    const violations = job.rejectReason !== undefined ? [{ rule: 'format', message: job.rejectReason }, ...parseErrors] : parseErrors;
    move('rejected', { reason: violations.map(describeViolation).join('; '), validation: [{ check: 'format', passed: false, at: at(), violations }] }, { reasons: violations.map(describeViolation) });
    await save(true);
    return finish('rejected', { violations, message: `patch ${artifact.patch_id} rejected: ${violations.map(describeViolation).join('; ')}` });
  }
  const files = job.parsed.files;
  const reject = async (why: string, check: string, results: LedgerChange['validation'] = []) => {
    const v = { rule: check, message: why };
    move('rejected', { reason: why, validation: [...(results ?? []), { check, passed: false, at: at(), violations: [v] }] }, { reasons: [describeViolation(v)] });
    await save(true);
    return finish('rejected', { violations: [v], message: why });
  };

  const evaluation = evaluatePatch({
    artifact: job.artifact,
    files,
    ...(job.secrets ? { secrets: job.secrets } : {}),
    policy: job.policy,
    ...(job.scope ? { scope: job.scope } : {}),
    ...(job.sizes ? { sizes: job.sizes } : {}),
    ...(job.formatViolations ? { formatViolations: job.formatViolations } : {}),
    ...(ports.runLedger && !job.skipOscillation ? { oscillation: { index: ports.runLedger.index, chainId: job.chainId } } : {}),
    at: at(),
  });
  entry = { ...entry, hunk_fingerprints: evaluation.prints.map((p) => p.forward) };
  if (evaluation.quarantineReason) return quarantine(evaluation.quarantineReason, evaluation.violations, evaluation.results);

  let results = evaluation.results;
  if (steps.written) {
    const read = await steps.written();
    if (!read.ok) return reject(read.rejected, 'written', results);
    const found = checkWrittenChanges({ files, written: read.changes, policy: job.policy, ...(job.scope ? { scope: job.scope } : {}) });
    results = [...results, { check: 'written', passed: !found.length, at: at(), violations: found }];
    if (found.length) return quarantine(quarantineReasonOf(found)!, found, results);
  }
  if (steps.verify) {
    const verified = await steps.verify({ needed: needsTestCommand(files, job.policy), ...(job.policy.test_command !== undefined ? { command: job.policy.test_command } : {}) });
    if (verified.violations?.length) return quarantine(quarantineReasonOf(verified.violations)!, verified.violations, [...results, { check: 'policy', passed: false, at: at(), violations: [...verified.violations] }]);
    if (verified.rejected !== undefined) return reject(verified.rejected, 'validation', results);
    if (job.policy.tests_required !== 'none') {
      const tests = checkTestsRequired(files, job.policy, verified.testCommand);
      results = [...results, { check: 'tests', passed: !tests.length, at: at(), violations: tests }];
      if (tests.length) return quarantine('policy_violation', tests, results);
    }
  }
  move('validated', { reason: `${results.map((r) => r.check).join(', ')} checks passed`, validation: results });
  const expected = ports.ledger.prepare ? steps.expected?.() : undefined;
  const draft = expected ? committedDraft(entry, expected, at()) : undefined;
  // The validated entry is durable before the run branch moves; the committed one is staged at the same time.
  const [saved, staged] = await Promise.allSettled([save(true), draft && ports.ledger.prepare ? ports.ledger.prepare(draft.entry) : Promise.resolve(undefined)]);
  const prepared = staged.status === 'fulfilled' ? staged.value : undefined;
  if (saved.status === 'rejected' || staged.status === 'rejected') {
    await prepared?.discard();
    throw saved.status === 'rejected' ? saved.reason : (staged as PromiseRejectedResult).reason;
  }

  let applied: ApplyResult;
  try {
    applied = await steps.apply();
  } catch (e) {
    await prepared?.discard();
    throw e;
  }
  if (prepared && draft && applied.ok && applied.commit === expected?.commit && applied.how === expected.how) {
    // Reconcilable, like the write below: losing it leaves the validated entry beside the commit, which resume reconciles.
    await prepared.publish();
    entry = draft.entry;
    events.push(...draft.events);
    ports.runLedger?.remember(entry);
    return finish('committed', { commit: applied.commit });
  }
  await prepared?.discard();
  if (!applied.ok) {
    move('conflicted', { reason: applied.message, application: { at: at(), result: 'conflicted', conflicting_paths: eventPaths(applied.conflicts), message: applied.message } }, { paths: eventPaths(applied.conflicts) });
    await save(false);
    return finish('conflicted', { conflicts: applied.conflicts, message: applied.message });
  }
  move('applied', { reason: applied.how, application: { at: at(), result: 'applied', commit: applied.commit } });
  move('committed', { reason: `committed as ${applied.commit.slice(0, 12)}`, commit: applied.commit }, { commit: applied.commit });
  // The validated entry is on disk and the commit on the run branch: losing this write is the crash resume reconciles.
  await save(false, { reconcilable: true });
  return finish('committed', { commit: applied.commit });
}

/**
 * The committed version of a validated entry, for a fast-forward announced before apply: applied and committed at
 * `at` (when it is staged; the ref moves a moment later), with the patch_* events the ordinary path emits.
 */
function committedDraft(validated: PatchLedgerEntry, expected: ExpectedApply, at: string): { entry: PatchLedgerEntry; events: EventBody[] } {
  const applied = transitionLedgerEntry(validated, 'applied', { at, reason: expected.how, application: { at, result: 'applied', commit: expected.commit } });
  const committed = transitionLedgerEntry(applied, 'committed', { at, reason: `committed as ${expected.commit.slice(0, 12)}`, commit: expected.commit });
  return { entry: committed, events: [patchEvent(applied, 'applied'), patchEvent(committed, 'committed', { commit: expected.commit })] };
}
