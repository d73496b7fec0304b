import type { AttemptRecord } from './patch-dir.js';

export interface SummaryRow {
  readonly step: string;
  readonly tool: string;
  readonly scope: string;
  readonly policy: string;
  readonly validation: string;
  readonly cost: string;
}

/** The job summary's row for one attempt: step, tool, patch scope, policy result, validation, cost. Pure. */
export function buildSummaryRow(record: AttemptRecord, scope: string | undefined): SummaryRow {
  const policy = record.policy.passed
    ? 'passed'
    : `quarantined (${record.policy.quarantine_reason ?? 'policy_violation'}): ${record.policy.violations.map((v) => `${v.rule}${v.path !== undefined ? ` ${v.path}` : ''}`).join(', ')}`;
  return {
    step: `${record.node_id} (attempt ${record.attempt})`,
    tool: record.tool_id ?? record.kind,
    scope: scope ?? 'no change',
    policy,
    validation: record.validation,
    cost: record.cost_usd !== undefined ? `$${record.cost_usd.toFixed(4)}` : '—',
  };
}

export const SUMMARY_HEADER = ['Step', 'Tool', 'Patch scope', 'Policy', 'Validation', 'Cost'] as const;
export const summaryCells = (r: SummaryRow) => [r.step, r.tool, r.scope, r.policy, r.validation, r.cost];
