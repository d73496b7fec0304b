import { appendFileSync } from 'node:fs';

/** The counts `npm run conformance` sums into its last line. */
export interface ConformanceCounts {
  workflows: number;
  workflow_errors: number;
  actionlint_findings: number;
  artifact_names: number;
  artifact_names_invalid: number;
  dispatches: number;
  dispatch_inputs_invalid: number;
  payloads: number;
  payloads_invalid: number;
  requests: number;
  requests_outside_description: number;
}

/**
 * Records what one conformance check measured, before the test asserts on it: with UET_CONFORMANCE_REPORT set
 * (scripts/conformance.mjs sets it), one JSON line per check is appended to that file; otherwise nothing happens.
 */
export function recordConformance(
  check: string,
  counts: Partial<ConformanceCounts>,
  problems: readonly string[] = [],
): void {
  const file = process.env.UET_CONFORMANCE_REPORT;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ check, counts, problems: problems.slice(0, 20) })}\n`);
}
