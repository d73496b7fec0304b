import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PlanNode } from '../../../src/core/bundle/index.js';
import type { Step } from '../../../src/core/contracts/index.js';
import type { ExecutionTask } from '../../../src/core/ports.js';

// Tests never depend on the machine's git config: no global or system config, so no identity either.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';
delete process.env.GIT_AUTHOR_NAME;
delete process.env.GIT_AUTHOR_EMAIL;
delete process.env.GIT_COMMITTER_NAME;
delete process.env.GIT_COMMITTER_EMAIL;
// Step worktrees of these tests go to a temporary directory, not the user's cache (src/adapters/git/worktree-location.ts).
process.env.UET_WORKTREES_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'uet-worktrees-'));

const exec = promisify(execFile);
const dirs: string[] = [];

/** Runs git in `dir` (as a test would by hand) and returns trimmed stdout. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=Test User', '-c', 'user.email=test@example.com', ...args],
    { cwd: dir },
  );
  return stdout.trimEnd();
}

export async function makeTempDir(prefix = 'uet-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/** A fresh repository on branch main; with `files`, one commit containing them. No identity configured. */
export async function createTempRepo(
  files: Readonly<Record<string, string>> | null = { 'README.md': 'hello\n' },
): Promise<string> {
  const dir = await makeTempDir('uet-repo-');
  await git(dir, 'init', '-q', '-b', 'main');
  if (files) {
    await writeFiles(dir, files);
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export function stepNode(stepId: string, step: Omit<Step, 'step_id'> = {}, wsId = 'ws1'): PlanNode {
  return {
    id: stepId,
    kind: 'step',
    wsId,
    deps: [],
    estimateSeconds: 1,
    estimateCostUsd: 0,
    parallelOk: true,
    step: { step_id: stepId, tool_profile_id: 'shell', ...step },
  };
}

export function shellStep(stepId: string, command: string, extra: Omit<Step, 'step_id'> = {}): PlanNode {
  return stepNode(stepId, { ...extra, context: { ...extra.context, command } });
}

export function gateNode(gateId: string, command: string, wsId: string | null = 'ws1'): PlanNode {
  return {
    id: `gate:${wsId ?? 'bundle'}:${gateId}`,
    kind: 'gate',
    wsId,
    deps: [],
    estimateSeconds: 1,
    estimateCostUsd: 0,
    parallelOk: true,
    gate: {
      gate_id: gateId,
      type: 'GATE_TEST',
      command,
      required: true,
      blocking: true,
      timeout_seconds: 30,
    },
  };
}

export function makeTask(
  runId: string,
  node: PlanNode,
  overrides: Partial<ExecutionTask> = {},
): ExecutionTask {
  return {
    runId,
    node,
    attempt: 1,
    attemptId: `${node.id}-a1`,
    toolId: 'shell',
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/**
 * Whether a process is still alive, not merely exiting or a zombie (in a container, PID 1 may never reap the
 * orphans we kill). Polls up to `withinMs` for a dying process to finish exiting.
 */
export async function isProcessAlive(pid: number, withinMs = 2000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null || /^\d+ \(.*\) [ZX] /.test(stat)) return false;
    if (Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
}
