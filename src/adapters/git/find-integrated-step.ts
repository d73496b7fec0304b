import { runBranchRef } from './run-branches.js';
import { runGit } from './run-git.js';

export interface IntegratedStep {
  readonly commit: string;
  readonly attempt: number;
  readonly filesChanged: number;
}

const FIELD = '%x1f';
const trailer = (key: string) => `%(trailers:key=${key},valueonly,separator=%x1d)`;

/**
 * Finds the commit on the run branch that carries `UET-Run: <run_id>` and `UET-Step: <step_id>`: proof that the
 * step was integrated, even if the process died before recording it. `since` (the run's base commit) bounds the
 * search to the run's own commits.
 */
export async function findIntegratedStep(
  repoDir: string,
  runId: string,
  stepId: string,
  since?: string,
): Promise<IntegratedStep | null> {
  const range = since ? `${since}..${runBranchRef(runId)}` : runBranchRef(runId);
  const format = ['%H', trailer('UET-Run'), trailer('UET-Step'), trailer('UET-Attempt')].join(FIELD) + '%x1e';
  const r = await runGit(repoDir, [
    'log',
    '--fixed-strings',
    '--all-match',
    `--grep=UET-Run: ${runId}`,
    `--grep=UET-Step: ${stepId}`,
    `--format=${format}`,
    range,
    '--',
  ]);
  for (const record of r.stdout.split('\x1e')) {
    const [commit = '', run = '', step = '', attempt = ''] = record.trim().split('\x1f');
    if (!commit || !run.split('\x1d').includes(runId) || !step.split('\x1d').includes(stepId)) continue;
    const files = await runGit(repoDir, [
      'diff-tree',
      '-r',
      '--no-commit-id',
      '--name-only',
      '--no-renames',
      '-z',
      '--root',
      commit,
    ]);
    return {
      commit,
      attempt: Number(attempt.split('\x1d')[0]) || 0,
      filesChanged: files.stdout.split('\0').filter(Boolean).length,
    };
  }
  return null;
}
