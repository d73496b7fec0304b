const MAX_TAIL_CHARS = 1500;
const MAX_TAIL_LINES = 20;

/** A failure message for the event log: what happened, then the last lines of output. Pure. */
export function buildFailureMessage(what: string, outputTail: string | undefined): string {
  const lines = (outputTail ?? '').replace(/\s+$/, '').split('\n').slice(-MAX_TAIL_LINES).join('\n');
  const tail = lines.length > MAX_TAIL_CHARS ? `…${lines.slice(-MAX_TAIL_CHARS)}` : lines;
  return tail ? `${what}\n--- output (last lines) ---\n${tail}` : what;
}
