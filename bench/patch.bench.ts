// Patch pipeline benchmark. 1,000 generated patches go through the whole pipeline (artifact, contract and format
// checks, always-forbidden rules and policy, oscillation, ledger entries written atomically with fsync, a commit per
// patch on the run branch by compare-and-swap), against the reference a script would use: `git apply --index` of
// each patch in sequence, one process per patch, in a checkout. Both start from the same commit and must end with
// the same tree. Then the oscillation check at ledger sizes 1k and 100k. Ends with one JSON line.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const corpus = buildCorpus(COUNT);
console.log(`patch pipeline benchmark: ${corpus.patches.length} patches, ${corpus.patches.reduce((n, p) => n + p.paths.length, 0)} file changes`);

// Reference: git apply --index, one process per patch, in sequence.
const refRepo = await repoWith(corpus.initial);
const patchDir = mkdtempSync(join(tmpdir(), 'uet-bench-diffs-'));
corpus.patches.forEach((p, i) => writeFileSync(join(patchDir, `${i}.diff`), p.diff));
let t = process.hrtime.bigint();
for (let i = 0; i < corpus.patches.length; i++) await git(refRepo, 'apply', '--index', join(patchDir, `${i}.diff`));
const refMs = Number(process.hrtime.bigint() - t) / 1e6;
const refTree = await git(refRepo, 'write-tree');
console.log(`  git apply --index, one process per patch: ${refMs.toFixed(0)} ms (${(refMs / corpus.patches.length).toFixed(2)} ms/patch)`);

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
const counts = new Map<string, number>();
t = process.hrtime.bigint();
for (const p of corpus.patches) {
  const { artifact } = buildPatchArtifact({ patchId: ids.newId(), targetRepo: repo, baseCommit: base, origin: { run_id: runId, tool_id: 'bench', created_at: new Date(clock.now()).toISOString() }, diffText: p.diff });
  const out = await applyPatchArtifact(run, artifact);
  counts.set(out.status, (counts.get(out.status) ?? 0) + 1);
  if (out.status !== 'committed') throw new Error(`patch ${artifact.patch_id} ${out.status}: ${out.message ?? ''}`);
  base = out.commit!;
}
const pipeMs = Number(process.hrtime.bigint() - t) / 1e6;
applier.close();
const pipeTree = await git(repo, 'rev-parse', `uet/run/${runId}^{tree}`);
if (pipeTree !== refTree) throw new Error(`trees differ: pipeline ${pipeTree}, git apply ${refTree}`);
const ratio = pipeMs / refMs;
console.log(`  UET pipeline (checks, ledger, one commit per patch): ${pipeMs.toFixed(0)} ms (${(pipeMs / corpus.patches.length).toFixed(2)} ms/patch), ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')} (${applier.stats.inProcess} made in process, ${applier.stats.viaGit} through git apply); same final tree`);
console.log(`  ratio ${ratio.toFixed(3)} (target <= 1.5)`);

const osc1k = oscillationMicros(1_000);
const osc100k = oscillationMicros(100_000);
console.log(`oscillation check: ${osc1k.toFixed(3)} µs at 1k patches, ${osc100k.toFixed(3)} µs at 100k patches`);
for (const d of [refRepo, repo, patchDir]) rmSync(d, { recursive: true, force: true });
console.log(JSON.stringify({ ratio_vs_git_apply: +ratio.toFixed(3), oscillation_us_1k: +osc1k.toFixed(3), oscillation_us_100k: +osc100k.toFixed(3) }));
