/**
 * The exit codes of every `uet` command. Only main() turns errors into these; commands set the code of a
 * normal outcome through their context.
 */
export const exitCodes = {
  /** Everything succeeded (all documents valid, the run succeeded). */
  ok: 0,
  /** The work was checked or done and failed (an invalid document, a failed run). */
  failed: 1,
  /** Bad input: usage errors, unreadable or unparseable files, invalid bundles given to run. */
  badInput: 2,
  /** The run paused for a human (budget exceeded, escalation). */
  paused: 3,
  /** Interrupted by Ctrl-C; the run can be resumed. */
  interrupted: 130,
  /** A bug in uet itself (EX_SOFTWARE). */
  internal: 70,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
