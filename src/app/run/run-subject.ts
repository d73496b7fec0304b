import { SCHEDULE_SUBJECT, type RunSubject } from '../../adapters/github/ledger-layout.js';
import type { RunOrigin } from '../../core/run/index.js';

/** The pull request or issue a run reports on, from its recorded origin. */
export function runSubject(origin: RunOrigin): RunSubject | undefined {
  if (origin.pr_number !== undefined) return { kind: 'pr', number: origin.pr_number };
  if (origin.issue_number !== undefined) return { kind: 'issue', number: origin.issue_number };
  return undefined;
}

/** Where a run is indexed: its pull request or issue, or the schedules' index for a scheduled run (ADR 0026). */
export function indexSubject(origin: RunOrigin): RunSubject | undefined {
  return runSubject(origin) ?? (origin.kind === 'scheduled' ? SCHEDULE_SUBJECT : undefined);
}
