import type { ContractName } from '../../core/contracts/index.js';
import type { DocumentIssue } from '../../core/errors.js';
import type { ContractChoice } from './check-document.js';

export interface ReportIssue extends DocumentIssue {
  /** 1-based line in the file, when it could be located. */
  line?: number;
}

/** The result of `uet validate` for one file; `--json` prints an array of these. */
export interface FileReport {
  file: string;
  contract: ContractName | null;
  /** How the contract was chosen; null when the file could not be read. */
  detection: ContractChoice | null;
  valid: boolean;
  issues: ReportIssue[];
  /** Why the file could not be read or parsed. */
  error?: string;
}

/** The text lines for one file: `<file>: ok (<contract>)`, or one `<file>: <pointer>: <message>` per issue. */
export function renderReport(report: FileReport): string[] {
  const { file, contract, detection } = report;
  if (report.error !== undefined) return [];
  const bestMatch = detection === 'best_match';
  if (report.valid) return [`${file}: ok (${contract ?? 'unknown'}${bestMatch ? ', best match' : ''})`];
  const lines = bestMatch
    ? [
        `${file}: validated as ${contract ?? 'unknown'} (best match; declare "$schema" or pass --schema to choose)`,
      ]
    : [];
  for (const issue of report.issues) {
    const at = issue.line === undefined ? '' : ` (line ${issue.line})`;
    lines.push(`${file}: ${issue.pointer || '/'}: ${issue.message}${at}`);
  }
  return lines;
}
