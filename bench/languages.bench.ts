// Language-detection benchmark (npm run bench:languages): for each corpus repository present on disk
// (UET_CORPUS_DIR, default /work/corpus, checked out at the commit of its golden file; see
// scripts/linguist/make-golden.mjs), our scan as a process (node on the built entry
// scripts/linguist/scan-cli.mjs, not npx) against the golden Linguist 7.22.1 breakdown: total variation
// distance of byte shares, top language, and wall times of ours, Linguist (when installed; otherwise
// the time recorded in the golden file), `git ls-files` and the whole `uet bootstrap --json`, in the same run.
// Then a synthetic 40k-file repository (UET_BENCH_100K=1 adds a 120k-file one). Ends with one JSON line.
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
/** "Large" repositories, where the speedup target applies: 4,000 files or more. */
const LARGE_FILES = 4000;

const seconds = (f: () => void): number => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};

/**
 * CPU seconds (user + system) of the finished child processes so far, from /proc/self/stat (cutime,
 * cstime; git counts through the node process that waited for it). Undefined off Linux. Less sensitive
 * than wall time to what else runs on the machine.
 */
function childCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}
const cpuOf = (f: () => void): number | undefined => {
  const before = childCpu();
  f();
  const after = childCpu();
  return before === undefined || after === undefined ? undefined : after - before;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeScan(dir: string): { scan: Scan; s: number; cpu: number | undefined } {
  let out = '';
  const cpus: number[] = [];
  const times = Array.from({ length: RUNS }, () =>
    seconds(() => {
      const cpu = cpuOf(() => {
        out = execFileSync('node', [entry, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
      });
      if (cpu !== undefined) cpus.push(cpu);
    }),
  );
  return { scan: JSON.parse(out) as Scan, s: median(times), cpu: cpus.length ? median(cpus) : undefined };
}

const timeLsFiles = (dir: string) =>
  median(
    Array.from({ length: RUNS }, () =>
      seconds(() => execFileSync('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 28 })),
    ),
  );

const linguistInstalled = spawnSync('github-linguist', ['--version']).status === 0;

/**
 * `uet bootstrap <dir> --json` as a process (node on bin/uet.js), median of RUNS: the whole CLI (discovery,
 * selection, artifacts, validation), not only the language scan. Returns the profile it selects (n/a if it fails).
 */
function timeBootstrap(dir: string, runs = RUNS): { profile: string; s: number; times: number[]; cpu: number | undefined } {
  let out = '';
  const cpus: number[] = [];
  const times = Array.from({ length: runs }, () =>
    seconds(() => {
      const cpu = cpuOf(() => {
        out = spawnSync('node', [path.join(root, 'bin/uet.js'), 'bootstrap', dir, '--json'], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        }).stdout;
      });
      if (cpu !== undefined) cpus.push(cpu);
    }),
  );
  let profile = 'n/a';
  try {
    profile = (JSON.parse(out) as { profile_id?: string }).profile_id ?? 'n/a';
  } catch {
    /* no report: n/a */
  }
  return { profile, s: median(times), times, cpu: cpus.length ? median(cpus) : undefined };
}

function headOf(dir: string): string | undefined {
  if (!existsSync(path.join(dir, '.git'))) return undefined;
  return spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
}

execFileSync('node', [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const loadAtStart = os.loadavg()[0]!;
const fmt = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2));
const top = (b: Record<string, number>) => Object.entries(b).sort((x, y) => y[1] - x[1])[0]?.[0] ?? '(none)';
const rows: string[] = [];
interface Result {
  name: string;
  tvd: number;
  topMatch: boolean;
  speedup: number;
  bootSpeedup: number;
  cpuSpeedup: number | undefined;
  large: boolean;
  profileMatch: boolean;
}
const results: Result[] = [];
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
  const { scan, s: ours, cpu: oursCpu } = timeScan(dir);
  const lsFiles = timeLsFiles(dir);
  let linguistCpu: number | undefined;
  const linguist = linguistInstalled
    ? seconds(() => {
        linguistCpu = cpuOf(() => execFileSync('github-linguist', ['--json', dir], { maxBuffer: 1 << 28 }));
      })
    : golden.linguist_seconds;
  const cpuSpeedup = linguistCpu !== undefined && oursCpu ? linguistCpu / oursCpu : undefined;
  const breakdown = Object.fromEntries(scan.languages.map((l) => [l.language, l.bytes]));
  const tvd = totalVariationPp(breakdown, golden.breakdown);
  const topMatch = top(breakdown) === top(golden.breakdown);
  const { profile, s: boot } = timeBootstrap(dir);
  const profileMatch = profile === golden.hand_label_profile;
  results.push({
    name,
    tvd,
    topMatch,
    speedup: linguist / ours,
    bootSpeedup: linguist / boot,
    cpuSpeedup,
    large: scan.totals.files_scanned >= LARGE_FILES,
    profileMatch,
  });
  rows.push(
    `| ${name} | ${golden.hand_label_profile} | ${profile}${profileMatch ? '' : ' (differs)'} | ${scan.totals.files_scanned} | ${top(breakdown)} | ${topMatch ? 'yes' : 'NO'} | ${tvd.toFixed(3)} | ${ours.toFixed(2)} | ${linguist.toFixed(2)}${linguistInstalled ? '' : ' (recorded)'} | ${lsFiles.toFixed(3)} | ${(linguist / ours).toFixed(1)}x | ${fmt(oursCpu)} | ${fmt(linguistCpu)} | ${cpuSpeedup ? `${cpuSpeedup.toFixed(1)}x` : 'n/a'} | ${(ours / lsFiles).toFixed(0)}x | ${boot.toFixed(2)} | ${(linguist / boot).toFixed(1)}x | ${(boot / lsFiles).toFixed(0)}x |`,
  );
}

console.log(
  '\n| repo | hand label | profile chosen | files | top language | top = Linguist | TVD (pp) | ours (s) | Linguist (s) | git ls-files (s) | speedup | ours CPU (s) | Linguist CPU (s) | CPU speedup | ours / ls-files | uet bootstrap (s) | bootstrap speedup | bootstrap / ls-files |',
);
console.log('|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);

const synthetic = (count: number) => {
  const dir = syntheticRepo(count);
  const { scan, s, cpu } = timeScan(dir);
  const lsFiles = timeLsFiles(dir);
  // Five runs of the whole CLI: min / median / max, and the median against `git ls-files` of the same run.
  const { s: boot, times, cpu: bootCpu } = timeBootstrap(dir, 5);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `synthetic ${count} files: ${scan.totals.files_scanned} scanned in ${(s * 1000).toFixed(0)} ms, CPU ${fmt(cpu)} s; uet bootstrap ${(boot * 1000).toFixed(0)} ms (min ${(sorted[0]! * 1000).toFixed(0)}, max ${(sorted.at(-1)! * 1000).toFixed(0)}, 5 runs), CPU ${fmt(bootCpu)} s; git ls-files ${(lsFiles * 1000).toFixed(0)} ms (scan ${(s / lsFiles).toFixed(0)}x, bootstrap ${(boot / lsFiles).toFixed(0)}x ls-files)`,
  );
  return { scanMs: s * 1000, scanCpu: cpu, bootCpu, bootMs: boot * 1000, bootMinMs: sorted[0]! * 1000, bootMaxMs: sorted.at(-1)! * 1000, bootVsLsFiles: boot / lsFiles };
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
    profile_match: `${results.filter((r) => r.profileMatch).length}/${results.length}`,
    speedup_vs_linguist_min: min(large.map((r) => r.speedup)),
    speedup_vs_linguist_min_all: min(results.map((r) => r.speedup)),
    cpu_speedup_vs_linguist_min: min(
      large.flatMap((r) => (r.cpuSpeedup === undefined ? [] : [r.cpuSpeedup])),
    ),
    large_repos: large.length,
    bootstrap_speedup_vs_linguist_min: min(large.map((r) => r.bootSpeedup)),
    ms_40k_files: +ms40k.scanMs.toFixed(0),
    ms_40k_files_bootstrap: +ms40k.bootMs.toFixed(0),
    ms_40k_files_bootstrap_min: +ms40k.bootMinMs.toFixed(0),
    ms_40k_files_bootstrap_max: +ms40k.bootMaxMs.toFixed(0),
    // CPU seconds (user + system, git included) of the scan and of the whole bootstrap, medians: what the load moves
    // least; on 2 cores the wall time cannot fall below half the bootstrap's CPU.
    cpu_s_40k_files: ms40k.scanCpu === undefined ? null : +ms40k.scanCpu.toFixed(2),
    cpu_s_40k_files_bootstrap: ms40k.bootCpu === undefined ? null : +ms40k.bootCpu.toFixed(2),
    bootstrap_40k_ratio_vs_ls_files: +ms40k.bootVsLsFiles.toFixed(1),
    // tldr-pages/tldr, when it is checked out (Linguist timed in the same run, or its recorded time if Linguist is
    // not installed: the line above says which); null when the corpus is absent.
    bootstrap_speedup_vs_linguist_tldr:
      results.find((r) => r.name.includes('tldr')) !== undefined
        ? +results.find((r) => r.name.includes('tldr'))!.bootSpeedup.toFixed(2)
        : null,
    linguist: linguistInstalled ? 'measured' : 'recorded',
    load_avg_1m: +os.loadavg()[0]!.toFixed(1),
    load_avg_1m_start: +loadAtStart.toFixed(1),
  }),
);
