import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createHash } from 'node:crypto';
import { parseEventLog } from '../../src/adapters/store/parse-event-log.js';
import type { RunEvent } from '../../src/core/run/index.js';
import { createTempRepo, makeTempDir, removeTempDirs, writeFiles } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

afterAll(removeTempDirs);

const FAKE_TOOLS = join(repoRoot, 'test/fixtures/fake-tools');
const AGENTS = '# Agents\n\nWrite British English. Never touch vendor/.\n';
const BUNDLE = `bundle_id: three-tools
workstreams:
  - ws_id: docs
    steps:
      - { step_id: c1, tool_profile_id: claude, context: { instruction: "Write the notes", create_files: [docs/claude.md] } }
      - { step_id: x1, tool_profile_id: codex, depends_on: [c1], context: { instruction: "Write the guide", create_files: [docs/codex.md] } }
      - { step_id: a1, tool_profile_id: aider, depends_on: [x1], context: { instruction: "Write the FAQ", create_files: [docs/aider.md] } }
`;

interface PromptInstance {
  tool_id: string;
  step_id: string;
  rendered_text: string;
  prompt_hash: string;
  sections: { CONTEXT: string };
}

interface CostLine {
  step_id: string;
  tool_id?: string;
  attempts: number;
  duration_ms: number;
  tokens_input: number;
  tokens_output: number;
  cost_usd: number;
}

describe('uet run locally: the instruction file in every prompt, the cost per step in uet status --json (issue 16)', () => {
  it('claude, codex and aider each get AGENTS.md in CONTEXT, prompt_rendered names it, and status shows each step’s cost', async () => {
    const dir = await createTempRepo({ 'README.md': '# project\n', 'AGENTS.md': AGENTS, 'CLAUDE.md': '# not this one\n' });
    const scratch = await makeTempDir('uet-instructions-');
    await writeFiles(scratch, { 'bundle.yaml': BUNDLE });
    // In-process uet spawns the tools with this process's environment, as a user with the CLIs installed has it.
    const saved = { PATH: process.env.PATH, CODEX_API_KEY: process.env.CODEX_API_KEY };
    Object.assign(process.env, { PATH: `${FAKE_TOOLS}:${saved.PATH ?? ''}`, CODEX_API_KEY: 'sk-codex-test' });
    onTestFinished(() => {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    });
    const env = { PATH: process.env.PATH!, HOME: scratch };
    const r = await runUet(['run', join(scratch, 'bundle.yaml'), '--repo', dir, '--init'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);

    const runs = join(dir, '.uet/runs');
    const [runId] = await readdir(runs);
    const events: RunEvent[] = parseEventLog(await readFile(join(runs, runId!, 'events.jsonl')), 'events.jsonl').events;
    const rendered = events.filter((e): e is Extract<RunEvent, { type: 'prompt_rendered' }> => e.type === 'prompt_rendered');
    expect(rendered.map((e) => e.data.step_id)).toEqual(['c1', 'x1', 'a1']);
    const blob = createHash('sha1').update(`blob ${Buffer.byteLength(AGENTS)}\0${AGENTS}`).digest('hex');
    for (const e of rendered) expect(e.data.instructions).toEqual({ path: 'AGENTS.md', blob_sha: blob, truncated: false });

    // The stored prompt of each (what the tool got, by its hash) holds the file, in CONTEXT, for each rendering.
    const prompts: PromptInstance[] = await Promise.all(
      (await readdir(join(runs, runId!, 'prompts'))).map(async (f) => JSON.parse(await readFile(join(runs, runId!, 'prompts', f), 'utf8')) as PromptInstance),
    );
    expect(prompts.map((p) => p.tool_id).sort()).toEqual(['aider', 'claude', 'codex']);
    for (const p of prompts) {
      expect(createHash('sha256').update(p.rendered_text).digest('hex')).toBe(p.prompt_hash);
      expect(rendered.map((e) => e.data.prompt_hash)).toContain(p.prompt_hash);
      expect(p.sections.CONTEXT, p.tool_id).toContain(`The repository's instructions for agents (AGENTS.md), to follow:\n<<<\n${AGENTS.trimEnd()}\n>>>`);
      expect(p.rendered_text, p.tool_id).toContain(AGENTS.trimEnd());
      expect(p.rendered_text).not.toContain('not this one'); // the first file found, not every file
    }

    // uet status --json: the run record carries per step the tool, duration, tokens and cost, and the totals.
    const status = await runUet(['status', runId!, '--repo', dir, '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const record = (JSON.parse(status.stdout) as { run_record: { cost: { spent_usd: number; tokens_input: number; tokens_output: number; steps: CostLine[] } } }).run_record;
    const steps = record.cost.steps;
    expect(steps.map((s) => [s.step_id, s.tool_id, s.attempts])).toEqual([
      ['c1', 'claude', 1],
      ['x1', 'codex', 1],
      ['a1', 'aider', 1],
    ]);
    for (const s of steps) {
      expect(s.tokens_input, s.step_id).toBeGreaterThan(0);
      expect(s.tokens_output, s.step_id).toBeGreaterThan(0);
      expect(s.duration_ms, s.step_id).toBeGreaterThanOrEqual(0);
    }
    // The fake claude and aider report a cost; codex reports tokens only.
    expect(steps.find((s) => s.step_id === 'c1')!.cost_usd).toBeGreaterThan(0);
    expect(steps.find((s) => s.step_id === 'a1')!.cost_usd).toBeGreaterThan(0);
    const sum = (f: (s: CostLine) => number) => steps.reduce((t, s) => t + f(s), 0);
    expect(record.cost.spent_usd).toBeCloseTo(sum((s) => s.cost_usd), 6);
    expect(record.cost.tokens_input).toBe(sum((s) => s.tokens_input));
    expect(record.cost.tokens_output).toBe(sum((s) => s.tokens_output));
  }, 120_000);
});
