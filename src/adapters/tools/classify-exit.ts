import type { ErrorClass } from '../../core/run/events.js';

/** How a tool process ended. */
export interface ProcessEnd {
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly canceled: boolean;
  /** Set when the process could not be started at all. */
  readonly spawnError?: string;
}

export const EX_TEMPFAIL = 75;
export const EXIT_TIMEOUT = 124;
export const EXIT_NOT_FOUND = 127;

/**
 * The error class of a tool exit (docs/tools.md): undefined for success; canceled; timeout (killed by the
 * timeout, or exit 124 as from `timeout(1)`); tool_unavailable (127, or could not start); transient_error (75,
 * EX_TEMPFAIL); permanent for any other code.
 */
export function classifyExit(end: ProcessEnd): ErrorClass | undefined {
  if (end.canceled) return 'canceled';
  if (end.timedOut || end.exitCode === EXIT_TIMEOUT) return 'timeout';
  if (end.spawnError !== undefined || end.exitCode === EXIT_NOT_FOUND) return 'tool_unavailable';
  if (end.exitCode === 0) return undefined;
  if (end.exitCode === EX_TEMPFAIL) return 'transient_error';
  return 'permanent';
}
