/**
 * The exit codes of every `uet` command. Only main() turns errors into these; commands set the code of a
 * normal outcome through their context.
 */
export const exitCodes = {
  /** Everything succeeded (all documents valid, the run succeeded). */
  ok: 0,
  /** The work was checked or done and failed (an invalid document, a failed or canceled run). */
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

/** What each exit code means for each command, as its --help lists them (README's table is the summary). */
const MEANINGS: Record<string, readonly (readonly [ExitCode, string])[]> = {
  uet: [
    [0, 'success'],
    [1, 'the check or the work failed (an invalid document, a failed or canceled run)'],
    [2, 'bad input (usage, a missing or unreadable file, a refused run)'],
    [3, 'the run paused for a human (budget, escalation)'],
    [130, 'interrupted (Ctrl-C, SIGTERM, SIGHUP); the run can be resumed'],
    [70, 'an internal error in uet'],
  ],
  validate: [
    [0, 'every document is valid'],
    [1, 'a document is invalid'],
    [2, 'usage error, or a file could not be read or parsed'],
  ],
  plan: [
    [0, 'the plan is ready: every step has a usable tool (or --allow-unavailable)'],
    [1, 'some steps have no usable tool here: `uet run` would refuse'],
    [2, 'bad input (an invalid bundle, an unknown tool, a missing directory)'],
  ],
  run: [
    [0, 'the run succeeded'],
    [1, 'the run failed or was canceled (`uet cancel`)'],
    [2, 'bad input, refused before anything was created (an invalid bundle, an unknown tool, no usable tool, not a git repository)'],
    [3, 'the run paused for a human (budget, escalation): `uet resume`'],
    [130, 'interrupted (Ctrl-C, SIGTERM, SIGHUP): `uet resume <run_id>` continues it'],
  ],
  resume: [
    [0, 'the run succeeded'],
    [1, 'the run failed or was canceled'],
    [2, 'bad input (unknown run, a run another process drives)'],
    [3, 'the run paused again'],
    [130, 'interrupted again; resumable'],
  ],
  status: [
    [0, 'the run succeeded, or is running or stopped (resumable)'],
    [1, 'the run failed or was canceled'],
    [2, 'bad input (unknown run, not a git repository, conflicting options)'],
    [3, 'the run is paused'],
  ],
  schedule: [
    [0, 'listed'],
    [1, 'the configuration is invalid: a bad cron (named by its schedule id) or another key, with its JSON pointer'],
    [2, 'usage error, or the file could not be read or parsed'],
  ],
  runs: [
    [0, 'listed'],
    [2, 'not a git repository, or a run log is corrupt (the others are listed)'],
  ],
  logs: [
    [0, 'printed'],
    [2, 'unknown run, step, gate or attempt'],
  ],
  cancel: [
    [0, 'the run is canceled (or had already ended)'],
    [1, 'the run could not be canceled'],
    [2, 'unknown run, or a run another process drives (without --force)'],
  ],
  clean: [
    [0, 'listed (dry run) or removed'],
    [2, 'not a git repository, or unknown run'],
  ],
  init: [
    [0, 'the starter files were written (or already there)'],
    [2, 'a file exists and differs (use --force), or cannot be written'],
  ],
  ledger: [
    [0, 'done'],
    [1, 'a rollback failed (a conflict)'],
    [2, 'unknown patch or run, not a git repository'],
  ],
  bootstrap: [
    [0, 'a report was produced (ready, partial or needs_human)'],
    [1, 'the bootstrap itself failed'],
    [2, 'bad input (not a repository, an unknown profile, a file that cannot be written)'],
  ],
  convert: [
    [0, 'converted'],
    [1, 'the result does not validate'],
    [2, 'the plan cannot be read, has no plan structure, or the output cannot be written'],
  ],
  completion: [
    [0, 'printed'],
    [2, 'unknown shell'],
  ],
};

/** The `Exit codes:` block of a command's --help. */
export function exitCodesHelp(command: string): string {
  const rows = MEANINGS[command] ?? MEANINGS.uet!;
  return `\nExit codes:\n${rows.map(([code, meaning]) => `  ${String(code).padEnd(4)} ${meaning}`).join('\n')}\n`;
}
