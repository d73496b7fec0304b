import { describe, expect, it } from 'vitest';
import {
  claudeCwd,
  claudeWrites,
  codexAddFiles,
  codexApplyPatch,
  toolsThenReply,
} from '../support/model-stand-in/index.js';
import { useModelStandIns } from '../support/model-stand-in/use-model-stand-ins.js';
import { realClisOrSkip } from '../support/real-clis.js';
import { createE2E, SIM_SECRETS } from './support/e2e-harness.js';
import { runBranchCommits, useE2E } from './support/inspect.js';

const world = useE2E();
const clis = realClisOrSkip();
const standIn = useModelStandIns();
const oneStep = (tool: string, file: string) => `bundle_id: real-${tool}
workstreams:
  - ws_id: docs
    steps:
      - { step_id: s1, name: Notes, tool_profile_id: ${tool}, context: { instruction: "Write ${file}", create_files: [${file}] } }
`;
const jobResults = (e: Awaited<ReturnType<typeof createE2E>>) =>
  e.runner.done.find((d) => d.run.inputs.step_id === 's1')!.jobs.map((j) => [j.job, j.result]);

/**
 * The real CLIs (scripts/install-real-clis.sh) through the bundled action in the simulated runner: the generated
 * workflow's tool job installs the pinned CLI (the runner's npm puts the real binary where npm would), gets its key
 * from the repository's secrets and its endpoint from the repository's variables (`vars.ANTHROPIC_BASE_URL`,
 * `vars.OPENAI_BASE_URL`: the loopback model stand-in), and runs the step in the job's checkout; the sandbox and
 * integrate jobs then land the patch on the run branch.
 */
describe.skipIf(clis.bin === undefined)('the real CLIs through the bundled action, in the simulated runner', () => {
  it('Claude Code 2.1.328 in the claude job writes a file that lands on the run branch, with the cost it reported', async () => {
    const s = await standIn(
      toolsThenReply(claudeWrites({ 'docs/notes.md': 'notes from the real claude\n' }), 'Wrote docs/notes.md.', {
        calls: { input: 1000, output: 50 },
        reply: { input: 1100, output: 20 },
      }),
    );
    const e = world.set(await createE2E({ bundle: oneStep('claude', 'docs/notes.md'), realTools: clis.bin!, vars: { ANTHROPIC_BASE_URL: s.url } }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle(240_000);
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(jobResults(e)).toEqual([['claude', 'success'], ['codex', 'skipped'], ['aider', 'skipped'], ['sandbox', 'success'], ['integrate', 'success']]);

    // The file is committed on the run branch, by the step, and nothing else is.
    expect(await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, 'docs/notes.md')).toBe('notes from the real claude\n');
    const commits = await runBranchCommits(e, runId!, e.headSha);
    expect(commits.map((c) => c.files)).toEqual([['docs/notes.md']]);
    expect(commits[0]!.message).toContain('UET-Step: s1');

    // The cost is Claude's own total_cost_usd (the stand-in sends tokens, Claude prices them).
    const done = events.find((x) => x.type === 'step_succeeded');
    expect(done, e.dump()).toBeDefined();
    expect((done!.data as { cost_usd?: number }).cost_usd).toBeGreaterThan(0);
    // And the tokens it reported: what the stand-in sent over its two calls, as in local mode.
    expect(done!.data).toMatchObject({ tokens: { input: 2100, output: 70 } });

    // What the real CLI sent: the repository secret as its key, from the job's checkout (no .git on the way).
    const [first] = s.modelRequests();
    expect(first!.headers['x-api-key']).toBe(SIM_SECRETS.ANTHROPIC_API_KEY);
    const cwd = claudeCwd(first!);
    expect(cwd).toMatch(/\/claude\/work$/);
    expect(cwd.split('/')).not.toContain('.git');
    // The claude job held only its own secrets; the endpoint came as a variable, not a secret.
    expect(e.runner.done[0]!.jobs.find((j) => j.job === 'claude')!.secrets).toEqual(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN']);
  });

  it('Codex 0.169.0 in the codex job writes a file that lands on the run branch, with the key and endpoint of the repository', async () => {
    const s = await standIn(toolsThenReply(() => [codexApplyPatch(codexAddFiles({ 'docs/guide.md': 'guide from the real codex\n' }))]));
    const e = world.set(await createE2E({ bundle: oneStep('codex', 'docs/guide.md'), realTools: clis.bin!, vars: { OPENAI_BASE_URL: s.openaiBaseUrl } }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle(240_000);
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect(jobResults(e)).toEqual([['claude', 'skipped'], ['codex', 'success'], ['aider', 'skipped'], ['sandbox', 'success'], ['integrate', 'success']]);
    expect(await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, 'docs/guide.md')).toBe('guide from the real codex\n');
    // The codex job's CODEX_API_KEY is `secrets.CODEX_API_KEY || secrets.OPENAI_API_KEY`: the first one set.
    const [first] = s.modelRequests();
    expect(first!.headers.authorization).toBe(`Bearer ${SIM_SECRETS.CODEX_API_KEY}`);
  });
});
