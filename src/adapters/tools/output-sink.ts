import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createRedactor, createStreamRedactor, type KnownSecret } from '../../core/secrets/index.js';

export interface OutputSink {
  write(chunk: Buffer): void;
  /** The last `tailBytes` of everything written, as text. */
  tail(): string;
  /** Flushes and closes the log; when output was cut, appends a marker and the tail that did not fit. */
  close(): Promise<void>;
}

export interface OutputSinkOptions {
  readonly logPath?: string;
  /** Written to the log before any output. */
  readonly header?: string;
  readonly tailBytes?: number;
  /** The log keeps the first `maxLogBytes` of output, then a marker, then the tail. */
  readonly maxLogBytes?: number;
  /**
   * Secrets replaced by `[redacted NAME]` in the log and the tail, raw or encoded (createRedactor), also when a
   * secret is cut between two chunks of output.
   */
  readonly redact?: readonly (string | KnownSecret)[];
}

export const DEFAULT_TAIL_BYTES = 4096;
export const DEFAULT_MAX_LOG_BYTES = 8 * 1024 * 1024;

/** Collects a process's combined output: appended to a log file (capped) and kept as a tail in memory. */
export async function createOutputSink(options: OutputSinkOptions): Promise<OutputSink> {
  const tailBytes = options.tailBytes ?? DEFAULT_TAIL_BYTES;
  const maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  let file: FileHandle | undefined;
  if (options.logPath) {
    await mkdir(path.dirname(options.logPath), { recursive: true });
    file = await open(options.logPath, 'a');
  }
  let pending: Promise<unknown> = Promise.resolve();
  let failed = false;
  const append = (data: Buffer | string) => {
    if (!file || failed) return;
    const fh = file;
    pending = pending.then(() => fh.appendFile(data)).catch(() => (failed = true)); // a full disk must not kill the step
  };
  if (options.header) append(options.header);
  let tail = Buffer.alloc(0);
  let logged = 0;
  let dropped = 0;
  const stream = options.redact?.length ? createStreamRedactor(createRedactor(options.redact)) : undefined;
  const decoder = new StringDecoder('utf8');
  const take = (chunk: Buffer) => {
    tail = tail.length + chunk.length <= tailBytes ? Buffer.concat([tail, chunk]) : Buffer.concat([tail, chunk]).subarray(-tailBytes);
    const room = Math.max(0, Math.min(chunk.length, maxLogBytes - logged));
    if (room > 0) append(chunk.subarray(0, room));
    logged += room;
    dropped += chunk.length - room;
  };
  return {
    write(raw) {
      if (!stream) return take(raw);
      const text = stream.push(decoder.write(raw));
      if (text) take(Buffer.from(text, 'utf8'));
    },
    tail: () => tail.toString('utf8').replace(/^\uFFFD+/, ''),
    async close() {
      if (stream) {
        const rest = stream.push(decoder.end()) + stream.end();
        if (rest) take(Buffer.from(rest, 'utf8'));
      }
      if (dropped > 0) {
        const shown = Math.min(dropped, tail.length);
        append(`\n[uet: output truncated: ${dropped - shown} bytes omitted, last ${shown} bytes follow]\n`);
        append(tail.subarray(tail.length - shown));
      }
      await pending;
      await file?.close();
    },
  };
}
