import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forkRunRef } from '../../src/core/run/index.js';
import { createE2E, SIM_SECRETS } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';

const world = useE2E();
const ENV_WALK = readFileSync(join(import.meta.dirname, 'support/attack/env-walk.mjs'), 'utf8');
const secretsIn = (text: string) => Object.entries(SIM_SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);

interface Walk {
  chain: { pid: number; cmd: string; env: Record<string, string> }[];
  tries: { token: string; push: string; ref: number; dispatch: number }[];
}

describe('attack: a fork pull request runs its code through the simulated runner (issue 14 item 4, ADR 0016/0017)', () => {
  it("the fork's code runs with no secret and a read-only token, its bundle is the default branch's, and nothing of it reaches a branch", async () => {
    const out = mkdtempSync(join(tmpdir(), 'uet-fork-attack-'));
    // The default branch's (reviewed) bundle runs a script of the pull request: the fork controls that script.
    const trusted = `bundle_id: fork-walk
workstreams:
  - ws_id: code
    steps:
      - { step_id: s1, name: Run the fork's script, tool_profile_id: shell, context: { command: "node attack/env-walk.mjs ${out}/step.json && echo done > done.md" } }
    test_gates:
      - { gate_id: envdump, type: GATE_TEST, command: "env; tr '\\\\0' '\\\\n' < /proc/$PPID/environ" }
`;
    // The fork's own version of the bundle would print the keys from a step of its own: it must never be read.
    const forked = `bundle_id: fork-walk\nworkstreams:\n  - ws_id: code\n    steps:\n      - { step_id: s1, tool_profile_id: shell, context: { command: "env > ${out}/forked-bundle-ran.txt" } }\n`;
    const e = world.set(
      await createE2E({ fork: true, config: 'allow_forks: true\n', mainFiles: { 'uet/bundle.yaml': trusted }, bundle: forked, prFiles: { 'attack/env-walk.mjs': ENV_WALK } }),
    );
    const mainBefore = await e.sim.git.refSha('refs/heads/main');
    await e.comment(`/uet run uet/bundle.yaml --head ${e.headSha}`);
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events[0]).toMatchObject({ type: 'run_created', data: { options: { fork: true, run_branch: forkRunRef(runId!) } } });
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });

    // The fork's script ran, in the sandbox: up its process chain (the runner process included), no secret.
    const walk = JSON.parse(readFileSync(join(out, 'step.json'), 'utf8')) as Walk;
    expect(walk.chain.some((c) => /runner-worker\.mjs/.test(c.cmd))).toBe(true);
    expect(secretsIn(JSON.stringify(walk.chain))).toEqual([]);
    for (const t of walk.tries) {
      expect(t.push).toMatch(/^refused: .*(403|denied)/);
      expect([t.ref, t.dispatch]).toEqual([403, 403]);
    }
    expect(() => readFileSync(join(out, 'forked-bundle-ran.txt'))).toThrow();
    const jobs = e.runner.done.flatMap((d) => d.jobs);
    for (const j of jobs.filter((x) => x.result === 'success' && x.job !== 'integrate')) expect(j.secrets).toEqual([]);

    // Nothing derived from the fork is on a branch: the result is under refs/uet/fork-runs/ until /uet approve.
    expect(await e.sim.git.refSha(forkRunRef(runId!))).toBeDefined();
    expect(await e.sim.git.refSha(`refs/heads/uet/run/${runId}`)).toBeUndefined();
    expect(await e.sim.git.refSha('refs/heads/main')).toBe(mainBefore);
    expect(secretsIn(JSON.stringify([events, e.sim.state.checkRuns, e.sim.state.comments]))).toEqual([]);
  });

  it("a fork run's AI step runs in its tool job with only that tool's key and is offered no shell; sandbox and integrate hold no secret", async () => {
    const out = mkdtempSync(join(tmpdir(), 'uet-fork-attack-'));
    const trusted = `bundle_id: fork-tool\nworkstreams:\n  - ws_id: docs\n    steps:\n      - { step_id: c1, name: Notes, tool_profile_id: claude, context: { instruction: "Write the notes", create_files: [docs/notes.md] } }\n`;
    const e = world.set(
      await createE2E({ fork: true, config: 'allow_forks: true\n', mainFiles: { 'uet/bundle.yaml': trusted }, bundle: trusted, toolInstalls: join(out, 'installs.jsonl') }),
    );
    await e.comment(`/uet run uet/bundle.yaml --head ${e.headSha}`);
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    const jobs = e.runner.done.find((d) => d.run.inputs.step_id === 'c1')!.jobs;
    expect(jobs.map((j) => [j.job, j.result])).toEqual([['claude', 'success'], ['codex', 'skipped'], ['aider', 'skipped'], ['sandbox', 'success'], ['integrate', 'success']]);
    for (const j of jobs.filter((x) => x.job === 'sandbox' || x.job === 'integrate')) expect(j.secrets).toEqual([]);
    // Claude ran with its own key only, and was offered its file tools, never Bash.
    const [walk] = readdirSync(out).filter((f) => f.startsWith('claude-')).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as Walk);
    expect(secretsIn(JSON.stringify(walk!.chain))).toEqual(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN']);
    const calls = readFileSync(join(out, 'tool-prompts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[] });
    const claude = calls.find((c) => c.tool === 'claude')!;
    const offered = claude.argv[claude.argv.indexOf('--tools') + 1]!;
    expect(offered.split(',')).toContain('Write');
    expect(offered).not.toMatch(/Bash/);
    expect(await e.sim.git.refSha(forkRunRef(runId!))).toBeDefined();
    expect(await e.sim.git.refSha(`refs/heads/uet/run/${runId}`)).toBeUndefined();
  });
});
