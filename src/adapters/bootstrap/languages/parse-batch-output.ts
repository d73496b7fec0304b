/**
 * A streaming parser of `git cat-file --batch` output ("<oid> <type> <size>\n<content>\n", or
 * "<oid> missing\n"): for each object, in order, it hands over the first `sampleBytes` of a blob as a
 * binary string (one char per byte), or null for a missing object or a non-blob. The rest of each object
 * is skipped without copying.
 */
export interface BatchParser {
  /** Parses the next piece of output. */
  push(chunk: Buffer): void;
  /** Whether the parser still refers to the last chunk (a sample spanning chunks): do not reuse its memory. */
  holdsChunk(): boolean;
}

export function createBatchParser(
  sampleBytes: number,
  onObject: (sample: string | null) => void,
): BatchParser {
  let header = '';
  let remaining = -1; // bytes of body left (plus the trailing newline), -1 while reading a header
  let isBlob = false;
  let wanted = 0; // bytes of the sample still to collect
  let parts: Buffer[] = []; // views into the chunks (no copy) when a sample spans chunks
  const push = (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (remaining < 0) {
        const nl = chunk.indexOf(10, i);
        if (nl < 0) {
          header += chunk.toString('latin1', i);
          return;
        }
        const parsed = header
          ? parseHeader(header + chunk.toString('latin1', i, nl))
          : parseHeaderAt(chunk, i, nl);
        header = '';
        i = nl + 1;
        if (!parsed) {
          onObject(null); // "<oid> missing" or "ambiguous"
          continue;
        }
        const bytes = parsed.size;
        remaining = bytes + 1;
        isBlob = parsed.blob; // a tree or commit id is streamed through and reported unreadable
        wanted = isBlob ? Math.min(bytes, sampleBytes) : 0;
        parts = [];
        if (isBlob && remaining <= chunk.length - i) {
          // The whole blob is in this chunk (the common case): one string, no intermediate buffer.
          const value = chunk.toString('latin1', i, i + wanted);
          i += remaining;
          remaining = -1;
          onObject(value);
          continue;
        }
      }
      const take = Math.min(remaining, chunk.length - i);
      if (wanted > 0) {
        const copy = Math.min(wanted, take);
        parts.push(chunk.subarray(i, i + copy));
        wanted -= copy;
      }
      i += take;
      remaining -= take;
      if (remaining === 0) {
        remaining = -1;
        onObject(isBlob ? Buffer.concat(parts).toString('latin1') : null);
        parts = [];
      }
    }
  };
  return { push, holdsChunk: () => parts.length > 0 };
}

interface Header {
  readonly blob: boolean;
  readonly size: number;
}

/** "<oid> <type> <size>" read from the bytes (no string per header in the common case). */
function parseHeaderAt(chunk: Buffer, start: number, end: number): Header | undefined {
  const a = chunk.indexOf(32, start);
  if (a < 0 || a >= end) return undefined;
  const b = chunk.indexOf(32, a + 1);
  if (b < 0 || b >= end) return undefined;
  let size = 0;
  for (let k = b + 1; k < end; k++) size = size * 10 + (chunk[k]! - 48);
  const blob =
    b - a === 5 && chunk[a + 1] === 98 && chunk[a + 2] === 108 && chunk[a + 3] === 111 && chunk[a + 4] === 98;
  return { blob, size };
}

/** The same, for a header split across two chunks. */
function parseHeader(header: string): Header | undefined {
  const [, type, size] = header.split(' ');
  return type === undefined || size === undefined ? undefined : { blob: type === 'blob', size: Number(size) };
}
