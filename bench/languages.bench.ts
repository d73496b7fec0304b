// Language-detection benchmark (npm run bench:languages): for each corpus repository present on disk
// (UET_CORPUS_DIR, default /work/corpus, checked out at the commit of its golden file; see
// scripts/linguist/make-golden.mjs), our scan as a process (node on the built entry
// scripts/linguist/scan-cli.mjs, not npx) against the golden Linguist 7.22.1 breakdown: total variation
// distance of byte shares, top language, and wall times of ours, Linguist (when installed; otherwise
// the time recorded in the golden file) and `git ls-files`, in the same run. Then a synthetic 40k-file
// repository (UET_BENCH_100K=1 adds a 120k-file one). Ends with one JSON line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { totalVariationPp } from '../src/core/bootstrap/languages/index.js';
import { syntheticRepo } from './languages-synthetic.js';

interface Golden {
  repo: string;
  commit: string;
  breakdown: Record<string, number>;
  hand_label_profile: string;
  linguist_seconds: number;
}
interface Scan {
  languages: { language: string; bytes: number }[];
  totals: { files_scanned: number };
}

const root = path.resolve(import.meta.dirname, '..');
const corpusDir = process.env.UET_CORPUS_DIR ?? '/work/corpus';
const goldenDir = path.join(root, 'test/fixtures/linguist/golden');
const entry = path.join(root, 'scripts/linguist/scan-cli.mjs');
const RUNS = 3;
/** "Large" repositories, where the speedup target applies: Linguist needs 5 s or more. */
const LARGE_SECONDS = 5;

const seconds = (f: () => void): number => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeScan(dir: string): { scan: Scan; s: number } {
  let out = '';
  const times = Array.from({ length: RUNS }, () =>
    seconds(() => {
      out = execFileSync('node', [entry, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    }),
  );
  return { scan: JSON.parse(out) as Scan, s: median(times) };
}

const timeLsFiles = (dir: string) =>
  median(
    Array.from({ length: RUNS }, () =>
      seconds(() => execFileSync('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 28 })),
    ),
  );

const linguistInstalled = spawnSync('github-linguist', ['--version']).status === 0;

function headOf(dir: string): string | undefined {
  if (!existsSync(path.join(dir, '.git'))) return undefined;
  return spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
}

execFileSync('node', [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const loadAtStart = os.loadavg()[0]!;
const top = (b: Record<string, number>) => Object.entries(b).sort((x, y) => y[1] - x[1])[0]?.[0] ?? '(none)';
const rows: string[] = [];
const results: { tvd: number; topMatch: boolean; speedup: number; large: boolean }[] = [];
for (const file of readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const name = file.slice(0, -5);
  const golden = JSON.parse(readFileSync(path.join(goldenDir, file), 'utf8')) as Golden;
  const dir = path.join(corpusDir, name);
  if (headOf(dir) !== golden.commit) {
    console.log(
      `skip ${name}: not checked out at ${golden.commit.slice(0, 12)} under ${corpusDir} (node scripts/linguist/make-golden.mjs ${name})`,
    );
    continue;
  }
  const { scan, s: ours } = timeScan(dir);
  const lsFiles = timeLsFiles(dir);
  const linguist = linguistInstalled
    ? seconds(() => execFileSync('github-linguist', ['--json', dir], { maxBuffer: 1 << 28 }))
    : golden.linguist_seconds;
  const breakdown = Object.fromEntries(scan.languages.map((l) => [l.language, l.bytes]));
  const tvd = totalVariationPp(breakdown, golden.breakdown);
  const topMatch = top(breakdown) === top(golden.breakdown);
  results.push({ tvd, topMatch, speedup: linguist / ours, large: linguist >= LARGE_SECONDS });
  rows.push(
    `| ${name} | ${golden.hand_label_profile} | ${scan.totals.files_scanned} | ${top(breakdown)} | ${topMatch ? 'yes' : 'NO'} | ${tvd.toFixed(3)} | ${ours.toFixed(2)} | ${linguist.toFixed(2)}${linguistInstalled ? '' : ' (recorded)'} | ${lsFiles.toFixed(3)} | ${(linguist / ours).toFixed(1)}x | ${(ours / lsFiles).toFixed(0)}x |`,
  );
}

console.log(
  '\n| repo | hand label | files | top language | top = Linguist | TVD (pp) | ours (s) | Linguist (s) | git ls-files (s) | speedup vs Linguist | ours / ls-files |',
);
console.log('|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);

const synthetic = (count: number) => {
  const dir = syntheticRepo(count);
  const { scan, s } = timeScan(dir);
  console.log(
    `synthetic ${count} files: ${scan.totals.files_scanned} scanned in ${(s * 1000).toFixed(0)} ms (git ls-files ${(timeLsFiles(dir) * 1000).toFixed(0)} ms)`,
  );
  return s * 1000;
};
const ms40k = synthetic(40_000);
if (process.env.UET_BENCH_100K === '1') synthetic(120_000);

// Wall times depend on what else runs on the machine: say how busy it was.
console.log(
  `load average (1 min): ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end, ${os.cpus().length} CPUs`,
);
const large = results.filter((r) => r.large);
const min = (xs: number[]) => (xs.length ? +Math.min(...xs).toFixed(2) : null);
console.log(
  JSON.stringify({
    repos: results.length,
    tvd_pp_max: results.length ? +Math.max(...results.map((r) => r.tvd)).toFixed(4) : null,
    tvd_pp_mean: results.length
      ? +(results.reduce((a, r) => a + r.tvd, 0) / results.length).toFixed(4)
      : null,
    top_language_match: `${results.filter((r) => r.topMatch).length}/${results.length}`,
    speedup_vs_linguist_min: min(large.map((r) => r.speedup)),
    speedup_vs_linguist_min_all: min(results.map((r) => r.speedup)),
    large_repos: large.length,
    ms_40k_files: +ms40k.toFixed(0),
    load_avg_1m: +os.loadavg()[0]!.toFixed(1),
  }),
);
