import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { git, makeTempDir } from '../../adapters/helpers/temp-repo.js';
import { repoRoot } from '../../cli/run-uet.js';

/** One event of a run's log, as the scenarios read it. */
export interface RunEventLine {
  readonly type: string;
  readonly data: Record<string, unknown> & {
    step_id?: string;
    attempt?: number;
    error_class?: string;
    message?: string;
    cost_usd?: number;
    tokens?: { input: number; output: number };
    duration_ms?: number;
  };
}

export interface RealToolRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly repo: string;
  readonly runId: string;
  readonly events: readonly RunEventLine[];
  /** The step attempts that ended (step_succeeded and step_failed), in order. */
  readonly attempts: readonly RunEventLine[];
  /** A file of the run branch, or null when it is not there. */
  show(file: string): Promise<string | null>;
}

/** A one-step bundle for `tool` with the given context, and fields of the bundle, the workstream and the step. */
export function oneStepBundle(
  tool: string,
  context: Record<string, unknown>,
  extra: { bundle?: Record<string, unknown>; workstream?: Record<string, unknown>; step?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    bundle_id: `real-${tool}`,
    ...extra.bundle,
    workstreams: [
      {
        ws_id: 'WS',
        kind: 'code',
        ...extra.workstream,
        steps: [{ step_id: 's1', name: 'The step', tool_profile_id: tool, timeout_seconds: 120, context, ...extra.step }],
      },
    ],
  };
}

/** No retry: the step's first attempt is its last (for failures that would otherwise be retried). */
export const NO_RETRY = { step: { resilience: { max_retries: 0 } } };

/** An ordinary repository with one commit holding `files`. */
export async function ordinaryRepo(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await makeTempDir('uet-real-repo-');
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'the project');
  return dir;
}

interface UetInvocation {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly repo: string;
}

/** `node bin/uet.js run <bundle> --repo <repo> [--init] --json` with the real CLIs first on PATH and a fresh HOME. */
async function invokeUet(
  bundle: Record<string, unknown>,
  options: { bin: string; env: Record<string, string>; repo?: string },
): Promise<UetInvocation> {
  const work = await makeTempDir('uet-real-');
  const home = path.join(work, 'home');
  await mkdir(home, { recursive: true });
  const repo = options.repo ?? path.join(work, 'repo');
  const bundleFile = path.join(work, 'bundle.json');
  await writeFile(bundleFile, JSON.stringify(bundle, null, 2));
  const env = {
    PATH: [options.bin, path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    HOME: home,
    LANG: 'C.UTF-8',
    ...options.env,
  };
  const args = [path.join(repoRoot, 'bin/uet.js'), 'run', bundleFile, '--repo', repo, ...(options.repo ? [] : ['--init']), '--json'];
  const result = await promisify(execFile)(process.execPath, args, { cwd: work, env, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: unknown) => {
      const x = e as { code?: unknown; stdout?: string; stderr?: string };
      if (typeof x.code !== 'number') throw e;
      return { code: x.code, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
    },
  );
  return { ...result, repo };
}

/**
 * `uet run` as a user runs it (see invokeUet), with `env` holding the tool's key and endpoint. `repo` is an empty
 * directory to `--init`, or an ordinary repository. Reads the one run it created.
 */
export async function runRealTool(
  bundle: Record<string, unknown>,
  options: { bin: string; env: Record<string, string>; repo?: string },
): Promise<RealToolRun> {
  const { code, stdout, stderr, repo } = await invokeUet(bundle, options);
  const runs = await readdir(path.join(repo, '.uet/runs')).catch(() => [] as string[]);
  if (runs.length !== 1) throw new Error(`expected one run in ${repo}, found ${runs.length}: ${stderr}`);
  const runId = runs[0]!;
  const events = (await readFile(path.join(repo, '.uet/runs', runId, 'events.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunEventLine);
  return {
    code,
    stdout,
    stderr,
    repo,
    runId,
    events,
    attempts: events.filter((e) => e.type === 'step_succeeded' || e.type === 'step_failed'),
    show: (file) => git(repo, 'show', `uet/run/${runId}:${file}`).catch(() => null),
  };
}

/** `uet run` of a bundle it must refuse as bad input: no run may exist afterwards. */
export async function runRefused(
  bundle: Record<string, unknown>,
  options: { bin: string; env: Record<string, string> },
): Promise<UetInvocation> {
  const r = await invokeUet(bundle, options);
  const runs = await readdir(path.join(r.repo, '.uet/runs')).catch(() => [] as string[]);
  if (runs.length) throw new Error(`the bundle was not refused: run ${runs[0]} exists in ${r.repo}`);
  return r;
}
