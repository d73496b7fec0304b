import { InputError } from '../../core/errors.js';
import type { RunEvent } from '../../core/run/events.js';

/** The last line of a log that a crash cut short (no newline, or not a JSON event). */
export interface TornTail {
  /** 1-based line number. */
  readonly line: number;
  readonly bytes: number;
}

export interface ParsedEventLog {
  readonly events: RunEvent[];
  /** Bytes of the valid prefix: where the next append must start. */
  readonly goodBytes: number;
  readonly tornTail?: TornTail;
}

const NL = 0x0a;

function parseLine(text: string): RunEvent | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'
      ? (v as RunEvent)
      : null;
  } catch {
    return null;
  }
}

/**
 * Parses an events.jsonl buffer. A bad LAST line is a torn write: reported, not fatal. A bad line anywhere else is
 * corruption: an InputError naming the file and line. Blank lines are skipped. Pure.
 */
export function parseEventLog(buf: Buffer, file: string): ParsedEventLog {
  const events: RunEvent[] = [];
  let start = 0;
  let line = 0;
  while (start < buf.length) {
    line++;
    const nl = buf.indexOf(NL, start);
    const end = nl === -1 ? buf.length : nl;
    const text = buf.toString('utf8', start, end);
    const next = nl === -1 ? buf.length : nl + 1;
    if (text.trim() !== '') {
      const event = nl === -1 ? null : parseLine(text); // without its newline, a line is torn even if it parses
      if (event === null) {
        if (next < buf.length && buf.subarray(next).toString('utf8').trim() !== '') {
          throw new InputError(
            file,
            `line ${line}: not a valid event, and it is not the last line: the log is corrupt (restore it, or cut it before this line)`,
          );
        }
        return { events, goodBytes: start, tornTail: { line, bytes: buf.length - start } };
      }
      events.push(event);
    }
    start = next;
  }
  return { events, goodBytes: buf.length };
}
