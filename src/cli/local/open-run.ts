import { resolve } from 'node:path';
import { createFileEventStore, type FileEventStore } from '../../adapters/store/file-event-store.js';
import { showToplevel, isGitRepo } from '../../adapters/git/repo-queries.js';
import { UsageError } from '../../core/errors.js';
import { fold, type RunEvent, type RunState } from '../../core/run/index.js';
import type { CliIo } from '../cli-context.js';

export interface OpenedRun {
  readonly repoRoot: string;
  readonly store: FileEventStore;
  readonly runId: string;
  readonly events: RunEvent[];
  readonly state: RunState;
}

/** The repository root for --repo, or a clear error when it is not a git working tree. */
export async function findRepoRoot(io: CliIo, repo: string | undefined): Promise<string> {
  const dir = resolve(io.cwd, repo ?? '.');
  if (!(await isGitRepo(dir))) throw new UsageError(`${dir}: not a git repository`);
  return showToplevel(dir);
}

/** Reads a local run's log (the latest run when no id is given), reporting a torn last line. */
export async function openRun(
  io: CliIo,
  repo: string | undefined,
  runId: string | undefined,
): Promise<OpenedRun> {
  const repoRoot = await findRepoRoot(io, repo);
  const store = createFileEventStore(repoRoot);
  const runs = await store.listRuns();
  const id = runId ?? runs.at(-1);
  if (id === undefined) throw new UsageError(`no runs in ${repoRoot} (start one with \`uet run <bundle>\`)`);
  if (!runs.includes(id)) throw new UsageError(`unknown run ${id} in ${repoRoot} (see \`uet runs\`)`);
  const { events, tornTail } = await store.readWithReport(id);
  if (tornTail)
    io.stderr(
      `uet: warning: run ${id}: the last line of its log was torn by a crash (${tornTail.bytes} bytes at line ${tornTail.line}); it is ignored and will be cut off by the next append\n`,
    );
  if (!events.length) throw new UsageError(`run ${id} has an empty log`);
  return { repoRoot, store, runId: id, events, state: fold(events) };
}
