import { read } from 'node:fs';
import type { BatchParser } from './parse-batch-output.js';

const READ_BYTES = 1 << 20;

export interface SpoolSource {
  readonly fd: number;
  readonly parser: () => BatchParser;
  readonly pending: () => boolean;
  readonly exited: () => boolean;
  /** Called once git has exited and the file is read to its end with objects still pending. */
  readonly fail: () => void;
}

export interface SpoolPump {
  /** Reads what git has written so far, unless a read is under way already. */
  pump(): void;
  /**
   * Stops for good: nothing more is read, and a read under way is ignored. Call it before closing the file, so
   * that a read already sent does not see the descriptor closed (or its number reused by the next file).
   */
  stop(): void;
}

/**
 * A pump that feeds the parser from a spool file git is still writing: each call reads what is there in
 * 1 MiB steps, waits 1 ms when git is behind, and stops when nothing is pending. Calls while it runs are
 * no-ops.
 */
export function createSpoolPump(source: SpoolSource): SpoolPump {
  let position = 0;
  let running = false;
  let stopped = false;
  let buffer = Buffer.allocUnsafe(READ_BYTES);
  const step = () => {
    if (stopped || !source.pending()) {
      running = false;
      return;
    }
    read(source.fd, buffer, 0, READ_BYTES, position, (error, n) => {
      if (stopped) {
        running = false;
        return;
      }
      if (error || (n === 0 && source.exited())) {
        source.fail();
        running = false;
        return;
      }
      if (n === 0) {
        setTimeout(step, 1); // git is behind: wait a little
        return;
      }
      position += n;
      const parser = source.parser();
      parser.push(buffer.subarray(0, n));
      if (parser.holdsChunk()) buffer = Buffer.allocUnsafe(READ_BYTES); // keep the views it holds intact
      setImmediate(step);
    });
  };
  return {
    pump() {
      if (running || stopped) return;
      running = true;
      step();
    },
    stop() {
      stopped = true;
    },
  };
}
