/**
 * A streaming parser of `git cat-file --batch` output ("<oid> <type> <size>\n<content>\n", or
 * "<oid> missing\n"): for each object, in order, it hands over the first `sampleBytes` of a blob as a
 * binary string (one char per byte), or null for a missing object or a non-blob. The rest of each object
 * is skipped without copying.
 */
export function createBatchParser(sampleBytes: number, onObject: (sample: string | null) => void): (chunk: Buffer) => void {
  let header = '';
  let remaining = -1; // bytes of body left (plus the trailing newline), -1 while reading a header
  let isBlob = false;
  let wanted = 0; // bytes of the sample still to collect
  let parts: Buffer[] = []; // views into the chunks (no copy) when a sample spans chunks
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (remaining < 0) {
        const nl = chunk.indexOf(10, i);
        header += chunk.toString('latin1', i, nl < 0 ? chunk.length : nl);
        if (nl < 0) return;
        i = nl + 1;
        const [, type, size] = header.split(' ');
        header = '';
        if (type === undefined || size === undefined) {
          onObject(null); // "<oid> missing" or "ambiguous"
          continue;
        }
        const bytes = Number(size);
        remaining = bytes + 1;
        isBlob = type === 'blob'; // a tree or commit id is streamed through and reported unreadable
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
}
