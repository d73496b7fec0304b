import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_FILE, ledgerRef, startRef } from '../../../src/adapters/github/ledger-layout.js';
import { parseEventLog } from '../../../src/adapters/store/parse-event-log.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { buildRunCreated, type RunEvent, type RunnerClass } from '../../../src/core/run/index.js';

export const RUN_ID = '01JQ7Z0000000000000000RXN1';
export const DIST = join(import.meta.dirname, '../../../dist/action/index.js');

const IDENTITY = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, ...(input !== undefined ? { input } : {}) }).trim();
}

export interface StepSpec {
  /** s1's command, or its instruction when s1 has an AI `tool`. */
  readonly command: string;
  /** s1's tool_profile_id (default shell). */
  readonly tool?: string;
  /** The files an AI s1 is asked to create (its prompt's `Create:` line). */
  readonly createFiles?: readonly string[];
  /** The bundle's max_cost_usd. */
  readonly maxCostUsd?: number;
  readonly validation?: string;
  /** A test gate `unit` of the workstream, running this command. */
  readonly gate?: string;
  /** A step `s2` after s1, running this command, and run_started in the ledger: a run the integrate job chains. */
  readonly next?: string;
  /** The tool of s2 (default shell): an AI tool gets `next` as its instruction. */
  readonly nextTool?: string;
  /** s1's runner class, and the classes the run recorded from .github/uet.yml (ADR 0026). */
  readonly runsOn?: string;
  readonly runners?: Record<string, RunnerClass>;
  /** The run waits for approval (approval_required after run_created), and these approvals are recorded. */
  readonly approval?: { readonly min: number; readonly grantedBy: readonly string[] };
}

export interface ActionRepo {
  readonly root: string;
  /** The bare repository the runners clone (the simulated origin). */
  readonly bare: string;
  readonly mainSha: string;
  /** A fresh clone of origin, as actions/checkout makes one. */
  clone(name: string): string;
  /** The events on origin's refs/uet/runs/<run_id>. */
  ledgerEvents(): RunEvent[];
  ledgerFile(path: string): string;
  /** Commits a file on a ref of origin. */
  commitOn(ref: string, files: Record<string, string>, parent: string | null, message: string): string;
  refSha(ref: string): string | null;
}

/**
 * A bare origin with `main`, the run branch `uet/run/<run_id>` at main, the run's ledger (run_created of a
 * one-workstream bundle whose shell step `s1` runs `spec.command`), and the start claim of s1 attempt 1: what the
 * app leaves on GitHub before it dispatches the workflow.
 */
export function createActionRepo(spec: StepSpec): ActionRepo {
  const root = mkdtempSync(join(tmpdir(), 'uet-action-'));
  const bare = join(root, 'origin.git');
  git(root, ['init', '--quiet', '--bare', '-b', 'main', bare]);
  const seed = join(root, 'seed');
  git(root, ['clone', '--quiet', `file://${bare}`, seed]);
  writeFileSync(join(seed, 'README.md'), '# widgets\n');
  git(seed, ['add', '.']);
  git(seed, ['commit', '--quiet', '-m', 'initial']);
  git(seed, ['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
  const mainSha = git(seed, ['rev-parse', 'HEAD']);
  git(seed, ['push', '--quiet', 'origin', `${mainSha}:refs/heads/uet/run/${RUN_ID}`]);

  const bundle = {
    bundle_id: 'demo',
    bundle_name: 'Demo',
    ...(spec.maxCostUsd !== undefined ? { max_cost_usd: spec.maxCostUsd } : {}),
    workstreams: [
      {
        ws_id: 'code',
        steps: [
          {
            step_id: 's1',
            name: 'Add a file',
            tool_profile_id: spec.tool ?? 'shell',
            ...(spec.runsOn !== undefined ? { runs_on: spec.runsOn } : {}),
            context: spec.tool === undefined || spec.tool === 'shell' ? { command: spec.command } : { instruction: spec.command, ...(spec.createFiles ? { create_files: [...spec.createFiles] } : {}) },
            ...(spec.validation !== undefined ? { validation: { test_command: spec.validation } } : {}),
          },
          ...(spec.next !== undefined
            ? [{ step_id: 's2', name: 'Then', tool_profile_id: spec.nextTool ?? 'shell', depends_on: ['s1'], context: spec.nextTool === undefined ? { command: spec.next } : { instruction: spec.next } }]
            : []),
        ],
        ...(spec.gate !== undefined ? { test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: spec.gate }] } : {}),
      },
    ],
  } as WorkstreamBundle;
  const created = buildRunCreated(
    RUN_ID,
    { bundle, options: { repo: 'acme/widgets', base_commit: mainSha, run_branch: `uet/run/${RUN_ID}`, ...(spec.runners ? { runners: spec.runners } : {}) }, origin: { kind: 'github_label', ref: 'refs/heads/main', sha: mainSha, issue_number: 12 } },
    new Date().toISOString(),
    '01JQ7Z0000000000000000EVT1',
  );

  const repo: ActionRepo = {
    root,
    bare,
    mainSha,
    clone(name) {
      const dir = join(root, name);
      git(root, ['clone', '--quiet', `file://${bare}`, dir]);
      return dir;
    },
    refSha(ref) {
      try {
        return git(bare, ['rev-parse', '--verify', '--quiet', ref]);
      } catch {
        return null;
      }
    },
    commitOn(ref, files, parent, message) {
      const index = join(root, `index-${Math.random().toString(36).slice(2)}`);
      const env = { ...process.env, ...IDENTITY, GIT_INDEX_FILE: index };
      const run = (args: string[], input?: string) => execFileSync('git', args, { cwd: bare, encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) }).trim();
      if (parent !== null) run(['read-tree', parent]);
      else run(['read-tree', '--empty']);
      for (const [path, content] of Object.entries(files)) {
        const blob = run(['hash-object', '-w', '--stdin'], content);
        run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`]);
      }
      const tree = run(['write-tree']);
      const commit = run(['commit-tree', tree, ...(parent !== null ? ['-p', parent] : []), '-m', message]);
      run(['update-ref', ref, commit]);
      return commit;
    },
    ledgerFile(path) {
      return git(bare, ['cat-file', 'blob', `refs/${ledgerRef(RUN_ID)}:${path}`]);
    },
    ledgerEvents() {
      return parseEventLog(Buffer.from(`${repo.ledgerFile(EVENTS_FILE)}\n`), EVENTS_FILE).events;
    },
  };
  const started = { event_id: '01JQ7Z0000000000000000EVT2', run_id: RUN_ID, seq: 2, ts: created.ts, type: 'run_started', data: {} };
  const waits = spec.approval
    ? [
        { type: 'approval_required', data: { approvers: ['alice', 'bob'], min: spec.approval.min, allow_self_approval: false, requester: 'wendy', base_sha: mainSha, base_ref: 'refs/heads/main' } },
        ...spec.approval.grantedBy.map((by) => ({ type: 'approval_granted', data: { by, base_sha: mainSha } })),
      ].map((body, i) => ({ event_id: `01JQ7Z0000000000000000APR${i}`, run_id: RUN_ID, seq: 2 + i, ts: created.ts, ...body }))
    : [];
  const log = [created, ...waits, ...(spec.next !== undefined && !waits.length ? [started] : [])].map((e) => `${JSON.stringify(e)}\n`).join('');
  repo.commitOn(`refs/${ledgerRef(RUN_ID)}`, { [EVENTS_FILE]: log }, null, `uet: run ${RUN_ID} created`);
  git(bare, ['update-ref', `refs/${startRef(RUN_ID, 's1', 1)}`, mainSha]);
  return repo;
}

export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Parses a GITHUB_OUTPUT file (name<<delimiter ... delimiter). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/**
 * Runs the bundled action as a runner does: `node dist/action/index.js` in the workspace, with GITHUB_* and
 * INPUT_* (upper-cased names, underscores kept), RUNNER_TEMP, and files for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
export function runAction(workspace: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'uet-runner-'));
  mkdirSync(join(temp, 'home'));
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: join(temp, 'home'),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    INPUT_TOKEN: 'ghs_not_a_real_token',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') }),
    );
  });
}

export const stepInputs = (patchDir: string, mode: string) => ({ mode, run_id: RUN_ID, step_id: 's1', attempt: '1', payload_ref: `refs/uet/runs/${RUN_ID}`, patch_dir: patchDir });
