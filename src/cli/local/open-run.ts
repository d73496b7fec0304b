import { resolve } from 'node:path';
import { createFileEventStore, type FileEventStore } from '../../adapters/store/file-event-store.js';
import { findRepoProblem } from '../../adapters/git/repo-problem.js';
import { showToplevel } from '../../adapters/git/repo-queries.js';
import { UsageError } from '../../core/errors.js';
import { plural } from '../../core/plural.js';
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
  const problem = await findRepoProblem(dir);
  if (problem !== undefined) throw new UsageError(problem);
  return showToplevel(dir);
}

/**
 * The id `given` names among `ids`: the full id, or a prefix of exactly one (ids are 26-character ULIDs, which nobody
 * types; any case). A prefix of several, or of none, is a UsageError that says what to type. `kind` is `run` or
 * `patch`; `list` is the command that lists them.
 */
export function resolveIdPrefix(kind: string, given: string, ids: readonly string[], repoRoot: string, list: string): string {
  if (ids.includes(given)) return given;
  const prefix = given.toUpperCase();
  const matches = prefix ? ids.filter((r) => r.toUpperCase().startsWith(prefix)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const shown = matches.slice(-5).join(', ');
    throw new UsageError(`${kind} ${given} is ambiguous in ${repoRoot}: it starts ${plural(matches.length, kind, kind === 'patch' ? 'patches' : `${kind}s`)} (${matches.length > 5 ? `the latest: ${shown}` : shown}); give more characters`);
  }
  throw new UsageError(`unknown ${kind} ${given} in ${repoRoot} (see \`${list}\`)`);
}

/** The run `given` names among `runs` (resolveIdPrefix). */
export function resolveRunId(given: string, runs: readonly string[], repoRoot: string): string {
  return resolveIdPrefix('run', given, runs, repoRoot, 'uet runs');
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
  if (runId === undefined && !runs.length) throw new UsageError(`no runs in ${repoRoot} (start one with \`uet run <bundle>\`)`);
  const id = runId === undefined ? runs.at(-1)! : resolveRunId(runId, runs, repoRoot);
  const { events, tornTail } = await store.readWithReport(id);
  if (tornTail)
    io.stderr(
      `uet: warning: run ${id}: the last line of its log was torn by a crash (${tornTail.bytes} bytes at line ${tornTail.line}); it is ignored and will be cut off by the next append\n`,
    );
  if (!events.length) throw new UsageError(`run ${id} has an empty log`);
  return { repoRoot, store, runId: id, events, state: fold(events) };
}
