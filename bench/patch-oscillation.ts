// Oscillation check cost at two ledger sizes: the index is built from N committed patches (three hunk fingerprints
// each, spread over 50 chains), then a fixed set of probes (some that undo a patch, most that touch fresh hunks) is
// checked. Reports microseconds per check; with the fingerprint index it must not grow with N.
import { createOscillationIndex, type HunkPrint } from '../src/core/patch/index.js';

const fp = (i: number, k: number) => `${i.toString(16).padStart(8, '0')}${k}`.padEnd(64, 'f');

export function oscillationMicros(ledgerSize: number, checks = 200_000): number {
  const index = createOscillationIndex();
  for (let i = 0; i < ledgerSize; i++) index.add({ patchId: `p${i}`, chainId: `c${i % 50}`, fingerprints: [fp(i, 0), fp(i, 1), fp(i, 2)] });
  const probes: { chainId: string; prints: HunkPrint[] }[] = Array.from({ length: 64 }, (_, j) => ({
    chainId: `c${j % 50}`,
    prints: [
      { forward: fp(ledgerSize + j, 0), inverse: j % 4 === 0 ? fp(j * 7, 1) : fp(ledgerSize + j, 9) },
      { forward: fp(ledgerSize + j, 1), inverse: fp(ledgerSize + j, 8) },
    ],
  }));
  const settings = { threshold: 2, window: 'run' as const };
  let flips = 0;
  for (let i = 0; i < 10_000; i++) flips += index.check(probes[i % 64]!, settings).flips; // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < checks; i++) flips += index.check(probes[i % 64]!, settings).flips;
  const ns = Number(process.hrtime.bigint() - t);
  if (flips === 0) throw new Error('the probes found no undo: the benchmark measures nothing');
  return ns / checks / 1000;
}
