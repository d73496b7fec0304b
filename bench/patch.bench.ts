// Patch pipeline benchmark. 1,000 generated patches go through the whole pipeline (artifact, contract and format
// checks, always-forbidden rules and policy, oscillation, ledger entries written atomically with fsync, a commit per
// patch on the run branch by compare-and-swap), against the reference a script would use: `git apply --index` of
// each patch in sequence, one process per patch, in a checkout. Both start from the same commit and must end with
// the same tree. They take turns in blocks of 100 patches (which goes first alternates), over 5 rounds
// (UET_BENCH_ROUNDS): the ratio of each round, min/median/max. Then the oscillation check at ledger sizes 1k and
// 100k. Ends with one JSON line.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { prepareLocalRun } from '../src/adapters/executor/prepare-local-run.js';
import { readCommitConfigArgs } from '../src/adapters/git/commit-identity.js';
import { gitCommonDir } from '../src/adapters/git/repo-queries.js';
import { createInProcessApplier } from '../src/adapters/patch/apply-in-process.js';
import { applyPatchArtifact } from '../src/adapters/patch/apply-patch-artifact.js';
import { createPatchContext } from '../src/adapters/patch/create-patch-context.js';
import { createSystemClock } from '../src/adapters/system-clock.js';
import { createUlidSource } from '../src/adapters/ulid-source.js';
import { buildPatchArtifact, PATCH_POLICY_DEFAULTS } from '../src/core/patch/index.js';
import { buildCorpus } from './patch-corpus.js';
import { oscillationMicros } from './patch-oscillation.js';

const COUNT = Number(process.env.UET_BENCH_PATCHES ?? 1000);
const exec = promisify(execFile);
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@localhost' };
Object.assign(process.env, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env, maxBuffer: 1 << 28 })).stdout.trim();

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'uet-bench-patch-'));
  await git(dir, 'init', '-q', '-b', 'main');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const ROUNDS = Number(process.env.UET_BENCH_ROUNDS ?? 5);
/** Patches per block: the reference and the pipeline take turns block by block, so that both see the same machine. */
const BLOCK = 100;
const corpus = buildCorpus(COUNT);
console.log(`patch pipeline benchmark: ${corpus.patches.length} patches, ${corpus.patches.reduce((n, p) => n + p.paths.length, 0)} file changes, ${ROUNDS} rounds`);
const patchDir = mkdtempSync(join(tmpdir(), 'uet-bench-diffs-'));
corpus.patches.forEach((p, i) => writeFileSync(join(patchDir, `${i}.diff`), p.diff));

/** One round: the whole corpus through `git apply --index` (one process per patch) and through the pipeline. */
async function round(r: number): Promise<{ refMs: number; pipeMs: number; inProcess: number; viaGit: number }> {
  // Reference: git apply --index, one process per patch, in sequence, in a checkout.
  const refRepo = await repoWith(corpus.initial);
  // The pipeline, on a local run of another copy of the repository.
  const repo = await repoWith(corpus.initial);
  const clock = createSystemClock();
  const ids = createUlidSource(clock);
  const runId = ids.newId();
  const { baseCommit } = await prepareLocalRun(repo, runId);
  const patches = createPatchContext(repo, { clock, ids });
  const configArgs = await readCommitConfigArgs(repo);
  const applier = await createInProcessApplier(repo, configArgs, () => clock.now());
  const run = { patches, commonDir: await gitCommonDir(repo), configArgs, mergeBaseOption: false, runId, applier, policy: { ...PATCH_POLICY_DEFAULTS, max_lines_changed: 500, forbidden_paths: ['secrets/**'] } };
  let base = baseCommit;
  let refMs = 0;
  let pipeMs = 0;
  const reference = async (from: number, to: number) => {
    const t = process.hrtime.bigint();
    for (let i = from; i < to; i++) await git(refRepo, 'apply', '--index', join(patchDir, `${i}.diff`));
    refMs += Number(process.hrtime.bigint() - t) / 1e6;
  };
  const pipeline = async (from: number, to: number) => {
    const t = process.hrtime.bigint();
    for (const p of corpus.patches.slice(from, to)) {
      const { artifact } = buildPatchArtifact({ patchId: ids.newId(), targetRepo: repo, baseCommit: base, origin: { run_id: runId, tool_id: 'bench', created_at: new Date(clock.now()).toISOString() }, diffText: p.diff });
      const out = await applyPatchArtifact(run, artifact);
      if (out.status !== 'committed') throw new Error(`patch ${artifact.patch_id} ${out.status}: ${out.message ?? ''}`);
      base = out.commit!;
    }
    pipeMs += Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let from = 0, b = 0; from < corpus.patches.length; from += BLOCK, b++) {
    const to = Math.min(corpus.patches.length, from + BLOCK);
    // Which side goes first alternates by block and by round.
    if ((b + r) % 2 === 0) await reference(from, to).then(() => pipeline(from, to));
    else await pipeline(from, to).then(() => reference(from, to));
  }
  applier.close();
  const refTree = await git(refRepo, 'write-tree');
  const pipeTree = await git(repo, 'rev-parse', `uet/run/${runId}^{tree}`);
  if (pipeTree !== refTree) throw new Error(`trees differ: pipeline ${pipeTree}, git apply ${refTree}`);
  for (const d of [refRepo, repo]) rmSync(d, { recursive: true, force: true });
  return { refMs, pipeMs, inProcess: applier.stats.inProcess, viaGit: applier.stats.viaGit };
}

const loadStart = loadavg()[0]!;
const rounds: Awaited<ReturnType<typeof round>>[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const one = await round(r);
  rounds.push(one);
  const n = corpus.patches.length;
  console.log(
    `  round ${r + 1}: git apply --index ${(one.refMs / n).toFixed(2)} ms/patch, UET pipeline (checks, ledger, one commit per patch) ${(one.pipeMs / n).toFixed(2)} ms/patch, ratio ${(one.pipeMs / one.refMs).toFixed(3)} (${one.inProcess} made in process, ${one.viaGit} through git apply; same final tree); load ${loadavg()[0]!.toFixed(2)}`,
  );
}
const loadEnd = loadavg()[0]!;
rmSync(patchDir, { recursive: true, force: true });
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ratios = sorted(rounds.map((x) => x.pipeMs / x.refMs));
const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)]!;
const refPerPatch = median(sorted(rounds.map((x) => x.refMs / corpus.patches.length)));
const pipePerPatch = median(sorted(rounds.map((x) => x.pipeMs / corpus.patches.length)));
console.log(`  ratio min / median / max over ${ROUNDS} rounds: ${ratios[0]!.toFixed(3)} / ${median(ratios).toFixed(3)} / ${ratios.at(-1)!.toFixed(3)} (target: max <= 1.1); load ${loadStart.toFixed(2)} -> ${loadEnd.toFixed(2)}`);

const osc1k = oscillationMicros(1_000);
const osc100k = oscillationMicros(100_000);
console.log(`oscillation check: ${osc1k.toFixed(3)} µs at 1k patches, ${osc100k.toFixed(3)} µs at 100k patches`);
console.log(
  JSON.stringify({
    ratio_vs_git_apply: +median(ratios).toFixed(3),
    ratio_vs_git_apply_min: +ratios[0]!.toFixed(3),
    ratio_vs_git_apply_max: +ratios.at(-1)!.toFixed(3),
    rounds: ROUNDS,
    git_apply_ms_per_patch: +refPerPatch.toFixed(3),
    pipeline_ms_per_patch: +pipePerPatch.toFixed(3),
    oscillation_us_1k: +osc1k.toFixed(3),
    oscillation_us_100k: +osc100k.toFixed(3),
    load_avg_1m: +loadStart.toFixed(2),
    load_avg_1m_end: +loadEnd.toFixed(2),
  }),
);
