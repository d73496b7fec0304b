/**
 * The most UET records of one string in a run's log (run_event.v1.json states the same maxLength): a message, an
 * output tail, a reason. What comes from a step (its tool's messages, its output, a record handed over by a runner)
 * is cut to fit, with a marker saying how much was cut, so that no step can put megabytes into the log.
 */
export const RECORD_LIMITS = {
  /** step_failed.message, warning.message: what happened, then the last lines of output. */
  message: 16_384,
  /** gate_completed.output_tail: the last of a command's output. */
  outputTail: 4_096,
  /** One of patch_*.reasons. */
  reason: 2_048,
  /** How many reasons a patch_* event lists. */
  reasons: 200,
} as const;

/**
 * `text` cut to at most `max` characters with a marker of what was cut: its head kept (a message, whose first line
 * says what happened), or its tail (an output tail, whose last lines matter). Pure.
 */
export function boundText(text: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  if (text.length <= max) return text;
  const marker = (n: number) => (keep === 'head' ? ` … [uet: ${n} more characters cut]` : `[uet: ${n} earlier characters cut] … `);
  const room = Math.max(0, max - marker(text.length).length);
  const cut = text.length - room;
  return keep === 'head' ? text.slice(0, room) + marker(cut) : marker(cut) + text.slice(text.length - room);
}
