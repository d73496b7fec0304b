import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildToolEnv,
  buildToolProcessEnv,
  type ToolAdapter,
  type ToolInput,
} from '../../../src/adapters/tools/index.js';
import { buildPlan } from '../../../src/core/bundle/index.js';
import { buildToolPrompt } from '../../../src/core/prompt/index.js';
import { git, makeTempDir } from '../helpers/temp-repo.js';

export const fakeTools = path.resolve(import.meta.dirname, '../../fixtures/fake-tools');

/** A step that creates one file and changes another, planned like a real bundle. */
const plan = (() => {
  const built = buildPlan({
    bundle_id: 'adapters',
    workstreams: [
      {
        ws_id: 'WS',
        kind: 'docs',
        steps: [
          {
            step_id: 's1',
            name: 'Write the guide',
            context: {
              files: ['README.md'],
              create_files: ['docs/guide.md'],
              instruction: 'Write a guide with 3+ sections.',
            },
          },
        ],
      },
    ],
  });
  if (!built.ok) throw new Error('test plan');
  return built.plan;
})();

export interface FakeRun {
  input: ToolInput;
  worktree: string;
  record: string;
  /** The argv, stdin and environment names the fake CLI saw. */
  recorded(): Promise<{ tool: string; argv: string[]; stdin: string; env_keys: string[]; api_base?: string | null }[]>;
}

/**
 * A ToolInput for `adapter` in a fresh directory, with the fake CLIs first on PATH, an API key for every tool in
 * UET's environment (passed through the way execute-step does it) and FAKE_TOOL_MODE set to `mode`.
 */
export async function fakeToolInput(
  adapter: ToolAdapter,
  options: { mode?: string; extra?: Partial<ToolInput>; path?: string; allowShell?: boolean } = {},
): Promise<FakeRun> {
  const worktree = await makeTempDir('uet-tool-');
  await git(worktree, 'init', '-q'); // a step's worktree is a git checkout (the real codex refuses to run elsewhere)
  const logs = await makeTempDir('uet-logs-');
  const record = path.join(logs, 'record.jsonl');
  const parent = {
    PATH: options.path ?? `${fakeTools}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    ANTHROPIC_API_KEY: 'sk-ant-test-secret-1234',
    OPENAI_API_KEY: 'sk-openai-test-secret-5678',
    GITHUB_TOKEN: 'ghp_must_not_leak',
  };
  const extra = { FAKE_TOOL_RECORD: record, ...(options.mode ? { FAKE_TOOL_MODE: options.mode } : {}) };
  const env = buildToolProcessEnv(
    buildToolEnv(parent, { runId: 'r1', attempt: 1, stepId: 's1', wsId: 'WS', worktree, extra }),
    parent,
    adapter.envPassThrough,
  );
  const prompt = buildToolPrompt({
    node: plan.nodes.get('s1')!,
    plan,
    attempt: 1,
    runId: '01KANZHJJ08AV9KT9MF4BWS95T',
    toolId: adapter.id,
    adapterId: adapter.id,
    promptId: '01KANZHPF0SYXWPZGXT160754S',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(options.allowShell ? { constraints: { patch_only: false } } : {}),
  });
  return {
    worktree,
    record,
    input: {
      worktree,
      node: plan.nodes.get('s1')!,
      attempt: 1,
      runId: 'r1',
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      env,
      logPath: path.join(logs, 's1.1.log'),
      prompt,
      ...options.extra,
    },
    recorded: async () =>
      (await readFile(record, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { tool: string; argv: string[]; stdin: string; env_keys: string[]; api_base?: string | null }),
  };
}
