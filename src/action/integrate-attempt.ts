import { join } from 'node:path';
import type { PatchViolation } from '../core/contracts/index.js';
import { createLedgerEntry, describeViolation, eventPaths, type LedgerState, type transitionLedgerEntry } from '../core/patch/index.js';
import type { StepOutcome } from '../core/ports.js';
import { chainRun, gateCompletedEvent, outcomeEvents, runnerInputOf, runRef, stepRef, toolJobOf, type EventBody, type ErrorClass } from '../core/run/index.js';
import { buildArtifactName } from './artifact-name.js';
import type { Redactor } from '../core/secrets/index.js';
import { checkArtifact } from './check-artifact.js';
import type { ClaimedStart, DispatchOptions, DispatchOutcome, DispatchTarget } from './dispatch-claims.js';
import type { GitRemote } from './git-remote.js';
import { integratePatch, materializePatch, type Integration, type MaterializedPatch } from './integrate-patch.js';
import type { PatchStore } from './patch-dir.js';
import { appendToLedger, deleteStartClaim, hasOutcome, readLedger } from './run-ledger.js';
import { startAttempt } from './start-state.js';
import { dispatchStarts } from './dispatch-starts.js';
import { walkLedgerEntry, type Ledgered } from './walk-ledger-entry.js';

export interface IntegrateRequest {
  readonly remote: GitRemote;
  readonly store: PatchStore;
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly tempDir: string;
  readonly now: () => number;
  readonly newId: () => string;
  /** Where to dispatch the starts the job claims; without it the job records and chains nothing (the app starts them). */
  readonly dispatch?: DispatchTarget;
  /** The credentials this job holds: a patch that adds one is quarantined. */
  readonly secrets?: Redactor;
  readonly dispatchOptions?: DispatchOptions;
}

export interface IntegrateResult {
  readonly conclusion: 'success' | 'failure';
  /** The patch's ledger state, or none (no patch) or already_recorded (an earlier integrate job recorded it). */
  readonly ledgerState: LedgerState | 'none' | 'already_recorded';
  readonly patchId?: string;
  readonly commit?: string;
  readonly costUsd?: number;
  readonly message?: string;
  readonly ledgerTries: number;
  /** The starts this job claimed and dispatched (the run chained on), and those withdrawn or left to the app. */
  readonly dispatched: readonly { nodeId: string; attempt: number; status: DispatchOutcome['status']; message?: string }[];
}

/**
 * The integrate job (write; runs only UET code): read the attempt record and patch artifact, check the patch
 * again against the run's own policy, commit and integrate it into the run branch, then append the start (if only
 * claimed), the patch events and the outcome to the ledger ref by compare-and-swap. An outcome already in the log
 * ends the job with nothing written.
 */
export async function integrateAttempt(r: IntegrateRequest): Promise<IntegrateResult> {
  const { record, artifact } = await r.store.read();
  if (record.run_id !== r.runId || record.node_id !== r.nodeId || record.attempt !== r.attempt)
    throw new Error(`the attempt record is for ${record.run_id}/${record.node_id}/${record.attempt}, not ${r.runId}/${r.nodeId}/${r.attempt}`);
  const first = await readLedger(r.remote, r.runId);
  const gateId = first.state.plan.nodes.get(r.nodeId)?.gate?.gate_id;
  if (hasOutcome(first.events, r.nodeId, r.attempt, gateId)) return { conclusion: record.ok ? 'success' : 'failure', ledgerState: 'already_recorded', ledgerTries: 0, dispatched: [] };
  const at = new Date(r.now()).toISOString();
  const { node } = startAttempt(first.state, r.nodeId, r.attempt, r.now());

  let ok = record.ok;
  let errorClass: ErrorClass | undefined = record.error_class;
  let message = record.message;
  let integration: Integration | undefined;
  let ledgered: Ledgered = { events: [] };
  if (node.kind === 'step' && artifact !== undefined) {
    const secrets = r.secrets ? { secrets: r.secrets } : {};
    let check = checkArtifact(first.state, node, r.attempt, artifact, at, secrets);
    // The policy judges what git writes: the artifact applied to its base in a temporary index, nothing pushed yet.
    let made: MaterializedPatch | undefined;
    if (check.artifact && !check.evaluation.violations.length && record.ok && record.policy.passed) {
      made = await materializePatch({ remote: r.remote, artifact: check.artifact, runId: r.runId, stepId: node.id, attempt: r.attempt, subject: node.step?.name ?? node.id, runRef: runRef(r.runId, first.state.options) });
      if (made.ok) check = checkArtifact(first.state, node, r.attempt, artifact, at, { ...secrets, written: made.written });
    }
    // A base the run's ref does not hold is a lie of the artifact (the sandbox starts from the run's tip): forged.
    const offRun: PatchViolation[] = made && !made.ok && made.violation ? [made.violation] : [];
    const found = [...check.evaluation.violations, ...offRun];
    const violations: PatchViolation[] = [...found, ...(found.length ? [] : record.policy.violations)];
    // Only a document that passed its contract is read: a forged one gets a fresh id (patch ids name ledger files) and
    // no paths, and is quarantined below, never a crash of the job.
    const patchId = check.artifact?.patch_id ?? r.newId();
    const paths = check.artifact ? eventPaths(check.artifact.scope.files_touched) : [];
    const base = createLedgerEntry({ patchId, runId: r.runId, ...(node.wsId !== null ? { wsId: node.wsId } : {}), stepId: node.id, attempt: r.attempt, chainId: `${r.runId}/${node.id}`, at, reason: `captured from attempt ${r.attempt} of step ${node.id} (${record.tool_id ?? 'tool'})` });
    if (violations.length || !record.policy.passed) {
      const reason = check.evaluation.quarantineReason ?? (offRun.length ? 'forged' : undefined) ?? (record.policy.quarantine_reason as 'policy_violation' | undefined) ?? 'policy_violation';
      const reasons = violations.length ? violations : [{ rule: 'policy', message: record.message ?? 'quarantined by the execute job' }];
      ledgered = walkLedgerEntry(base, [['quarantined', { at, reason: `quarantined: ${reasons.map(describeViolation).join('; ')}`, validation: check.evaluation.results, quarantine: { reason, reasons, quarantined_at: at, path: `artifact ${buildArtifactName(r.runId, node.id, r.attempt, 'attempt')}/patch.json` } }]], paths);
      ok = false;
      errorClass = 'policy_violation';
      message = `step ${node.id}: patch quarantined: ${reasons.map(describeViolation).join('; ')}`;
    } else if (!record.ok) {
      ledgered = walkLedgerEntry(base, [['rejected', { at, reason: record.message ?? 'the attempt failed', validation: check.evaluation.results }]], paths);
    } else if (check.artifact) {
      integration = made?.ok ? await integratePatch({ remote: r.remote, patchId, made, runId: r.runId, stepId: node.id, refs: { run: runRef(r.runId, first.state.options), step: stepRef(r.runId, node.id, first.state.options) } }) : { ok: false, conflicts: [], message: made?.message ?? 'the patch was not applied' };
      const validated: [LedgerState, Parameters<typeof transitionLedgerEntry>[2]] = ['validated', { at, reason: 'policy and validation passed', validation: check.evaluation.results }];
      if (integration.ok)
        ledgered = walkLedgerEntry(base, [validated, ['applied', { at, reason: integration.how, application: { at, result: 'applied', commit: integration.commit } }], ['committed', { at, reason: `committed on uet/run/${r.runId}`, commit: integration.commit }]], paths);
      else {
        ledgered = walkLedgerEntry(base, [validated, ['conflicted', { at, reason: integration.message }]], paths);
        ok = false;
        errorClass = 'conflict';
        message = `step ${node.id}: ${integration.message}`;
      }
    }
  }

  if (node.kind === 'step' && artifact === undefined && record.patch_id !== undefined) {
    ok = false;
    errorClass = 'permanent';
    message = `step ${node.id}: the attempt record names patch ${record.patch_id}, but patch_dir holds no patch.json`;
  }

  const outcome: StepOutcome = {
    ok,
    durationMs: record.duration_ms,
    ...(errorClass !== undefined && !ok ? { errorClass } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(record.cost_usd !== undefined ? { costUsd: record.cost_usd } : {}),
    ...(record.tokens !== undefined ? { tokens: { input: record.tokens.input, output: record.tokens.output } } : {}),
    ...(record.exit_code !== undefined && !ok ? { exitCode: record.exit_code } : {}),
    ...(integration?.ok ? { commit: integration.commit, filesChanged: record.files_changed ?? 0 } : {}),
    ...(ledgered.entry ? { patchId: ledgered.entry.patch_id } : {}),
    ...(ledgered.events.length ? { events: ledgered.events } : {}),
  };
  // The tool job and runner of each claimed start, from the state the claims were decided on (`tool`, `runner`).
  const inputs = new Map<string, Pick<ClaimedStart, 'tool' | 'runner'>>();
  const appended = await appendToLedger(
    r.remote,
    r.runId,
    (snap) => {
      const chained = chainRun({
        events: snap.events,
        claims: snap.claims,
        now: r.now(),
        newId: r.newId,
        chain: r.dispatch !== undefined,
        outcome: (state, put) => {
          if (hasOutcome(snap.events, r.nodeId, r.attempt, gateId)) return false;
          const start = startAttempt(state, r.nodeId, r.attempt, r.now(), put);
          const body: EventBody[] =
            start.node.kind === 'gate'
              ? [gateCompletedEvent(start.node, { passed: ok, durationMs: record.duration_ms, ...(record.exit_code !== undefined ? { exitCode: record.exit_code } : {}), ...(record.output_tail !== undefined ? { outputTail: record.output_tail } : {}) })]
              : outcomeEvents(state, { stepId: r.nodeId, attempt: r.attempt, attemptId: start.attemptId }, outcome, { now: r.now(), startedAt: Date.parse(record.started_at) });
          body.forEach(put);
          return true;
        },
      });
      if (chained === null) return null;
      for (const c of chained.starts)
        inputs.set(`${c.nodeId}/${c.attempt}`, { tool: toolJobOf(chained.state, c.nodeId), runner: runnerInputOf(chained.state, c.nodeId, r.now()) });
      const starts = chained.starts.map((c) => `${c.nodeId}/${c.attempt}`).join(', ');
      return { events: chained.append, entries: ledgered.entry ? [ledgered.entry] : [], claims: chained.starts, message: `uet: ${r.runId} ${r.nodeId} attempt ${r.attempt}\n${starts ? `\nstarts ${starts}\n` : ''}` };
    },
    { indexFile: join(r.tempDir, `uet-ledger-index-${process.pid}`) },
  );
  if (appended.appended) await deleteStartClaim(r.remote, r.runId, r.nodeId, r.attempt);
  const dispatched = await dispatchStarts(
    r,
    appended.claims.map((c) => {
      const i = inputs.get(`${c.nodeId}/${c.attempt}`);
      // The claims come from the same decision that filled `inputs`; a claim without inputs is a bug, left to the
      // app's reconciler (it dispatches a claim that has no workflow run after 10 minutes).
      if (!i) throw new Error(`uet: no dispatch inputs for the claimed start ${c.nodeId}/${c.attempt}`);
      return { ...c, ...i };
    }),
  );
  return {
    conclusion: ok ? 'success' : 'failure',
    ledgerState: appended.appended ? (ledgered.entry?.state ?? 'none') : 'already_recorded',
    ...(ledgered.entry ? { patchId: ledgered.entry.patch_id } : {}),
    ...(integration?.ok ? { commit: integration.commit } : {}),
    ...(record.cost_usd !== undefined ? { costUsd: record.cost_usd } : {}),
    ...(message !== undefined ? { message } : {}),
    ledgerTries: appended.tries,
    dispatched,
  };
}
