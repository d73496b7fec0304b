import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID for a prompt instance, decided inside the pure core: the 48-bit time part is `now`, and the 80 "random"
 * bits are the first bits of SHA-256(seed), so a replay of the same decision gives the same id. Pure.
 */
export function buildPromptId(now: number, seed: string): string {
  let time = '';
  let t = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const digest = createHash('sha256').update(seed).digest();
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = CROCKFORD[Number(bits & 31n)]! + rand;
    bits >>= 5n;
  }
  return time + rand;
}

/** SHA-256 of a text encoded as UTF-8, as 64 hex characters (prompt_hash). */
export const hashText = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
