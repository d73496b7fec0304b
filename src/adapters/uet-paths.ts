import path from 'node:path';
import { UsageError } from '../core/errors.js';

/** Where UET keeps its local files, under the repository root (excluded from git by ensureUetExcluded). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Run ids become directory and branch names: letters, digits, '.', '_' and '-' only. */
export function assertRunId(runId: string): string {
  if (!RUN_ID.test(runId) || runId.includes('..'))
    throw new UsageError(`invalid run id "${runId}": use letters, digits, '.', '_' and '-'`);
  return runId;
}

export const uetRunsDir = (repoDir: string) => path.join(repoDir, '.uet', 'runs');
export const runDir = (repoDir: string, runId: string) => path.join(uetRunsDir(repoDir), assertRunId(runId));
export const eventsFile = (repoDir: string, runId: string) =>
  path.join(runDir(repoDir, runId), 'events.jsonl');
export const lockFile = (repoDir: string, runId: string) => path.join(runDir(repoDir, runId), 'lock');
/** `.uet/runs/<run_id>/logs/<name>.<attempt>.log`; `name` is a step id or a gate's worktree name. */
export const logFile = (repoDir: string, runId: string, name: string, attempt: number) =>
  path.join(runDir(repoDir, runId), 'logs', `${name}.${attempt}.log`);
