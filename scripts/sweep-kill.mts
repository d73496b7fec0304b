// The full kill sweep (issue 20): for each max_parallel in ROUNDS, an uninterrupted reference run counts the run's
// events and git ref transactions, then the real `uet run` is killed (kill -9 of its process group) at every event
// boundary and inside every ref transaction (git's reference-transaction hook stops while git holds its locks), and
// `uet resume` must end with the reference tree, every step integrated once, every lock the kill left recorded as
// recovered, none left, and `git fsck` clean (test/support/kill-sweep). Progress goes to stderr; the last line on
// stdout is {"kills":N,"resumed_ok":N,"failed":N}. Exit 1 when any failed.
// Usage: npm run sweep:kill [-- --rounds 1,2,3] [-- --concurrency 2]
import { runKillPoint, runReference, type KillResult } from '../test/support/kill-sweep/run-kill-point.js';
import type { StopPoint } from '../test/support/kill-sweep/git-wrapper.js';
import { writeSweepBundle } from '../test/support/kill-sweep/sweep-bundle.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const rounds = arg('rounds', '1,2,3').split(',').map(Number);
const concurrency = Number(arg('concurrency', '2'));

let kills = 0;
let resumedOk = 0;
const failures: KillResult[] = [];
/** Where the kills actually landed: event points stop at the next git command, so several can land on one state. */
const distinct = new Set<string>();
for (const maxParallel of rounds) {
  const bundle = writeSweepBundle(maxParallel);
  const reference = await runReference(bundle);
  process.stderr.write(`max_parallel ${maxParallel}: reference run has ${reference.events} events and ${reference.refTransactions} ref transactions\n`);
  const points: StopPoint[] = [
    ...Array.from({ length: reference.events }, (_, i): StopPoint => ({ kind: 'event', events: i + 1 })),
    ...Array.from({ length: reference.refTransactions }, (_, i): StopPoint => ({ kind: 'ref', nth: i + 1 })),
  ];
  let next = 0;
  const worker = async () => {
    while (next < points.length) {
      const r = await runKillPoint(bundle, reference, points[next++]!);
      kills += 1;
      distinct.add(`${maxParallel} ${/^(after event \d+|in ref transaction \d+)/.exec(r.where)?.[1] ?? r.point}`);
      if (r.problems.length) failures.push(r);
      else resumedOk += 1;
      process.stderr.write(`${r.problems.length ? 'FAIL' : 'ok  '} max_parallel ${maxParallel} ${r.point} (${r.where.split('\n')[0]}) ${r.recovered.length} lock(s) recovered, ${r.ms} ms${r.problems.length ? `\n     ${r.problems.join('\n     ')}` : ''}\n`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
process.stderr.write(`${kills} kills at ${distinct.size} distinct points\n`);
for (const f of failures) process.stderr.write(`failed: ${f.point}: ${f.where}: ${f.problems.join('; ')}\n`);
process.stdout.write(`${JSON.stringify({ kills, resumed_ok: resumedOk, failed: failures.length })}\n`);
process.exitCode = failures.length ? 1 : 0;
