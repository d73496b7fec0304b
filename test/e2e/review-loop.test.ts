import { describe, expect, it } from 'vitest';
import { resultPr, useE2E } from './support/inspect.js';
import {
  AGENTS,
  appCost,
  createReviewWorld,
  newRun,
  prComment,
  promptsOf,
  recordDeliveryCosts,
  submitReview,
  type Created,
  type DeliveryCost,
} from './support/review-loop.js';

const world = useE2E();

/**
 * The fixed cost of a follow-up run, measured in these scenarios (docs/decisions/0023-review-loop.md): its start
 * (authorization, claim, the pull request and its rules, the threads, the parent run, the run's creation, the
 * dispatch) and its end (integrating its one step, the push, the reports). A one-step run cannot spread them.
 */
const FOLLOW_UP = { start: { requests: 27, writes: 15 }, end: { requests: 18, writes: 9 } };
/** A plain `/uet run`'s start and end (two steps), in scenario (a) (ADR 0025 point 8: from 23/16 and 17/9). */
const PLAIN = { start: { requests: 20, writes: 14 }, end: { requests: 16, writes: 9 } };

/** Every executed step that does not end its run within 6 requests and 3 writes (the budget of every run). */
function expectStepBudget(costs: readonly DeliveryCost[], steps: readonly string[]) {
  for (const step of steps) {
    const c = costs.find((x) => x.name === 'workflow_run' && x.what === step);
    expect(c, step).toBeDefined();
    expect(c!.requests, c!.keys.join('\n')).toBeLessThanOrEqual(6);
    expect(c!.writes, c!.keys.join('\n')).toBeLessThanOrEqual(3);
  }
}

/** A follow-up's start (the last delivery that wrote before its step ran) and end (its one step's workflow run). */
function followUpCost(costs: readonly DeliveryCost[], step: string) {
  const i = costs.findIndex((x) => x.name === 'workflow_run' && x.what === step);
  const start = costs.slice(0, i).filter((x) => x.name !== 'workflow_run' && x.writes > 0).at(-1)!;
  const end = costs[i]!;
  return {
    start: { requests: start.requests, writes: start.writes, keys: start.keys },
    end: { requests: end.requests, writes: end.writes },
  };
}

/** The fixed costs within their measured ceilings. */
function expectFollowUpCost(fix: ReturnType<typeof followUpCost>) {
  expect(fix.start.requests).toBeLessThanOrEqual(FOLLOW_UP.start.requests);
  expect(fix.start.writes).toBeLessThanOrEqual(FOLLOW_UP.start.writes);
  expect(fix.end.requests).toBeLessThanOrEqual(FOLLOW_UP.end.requests);
  expect(fix.end.writes).toBeLessThanOrEqual(FOLLOW_UP.end.writes);
}

describe('review loop (a): /uet fix on a result PR', () => {
  it('pushes one commit to the result PR branch, made by a second run linked to the first, with cost where reviewers look', async () => {
    const e = await createReviewWorld();
    world.set(e);
    const costs = recordDeliveryCosts(e);
    await prComment(e, 7, '/uet run uet/bundle.yaml');
    await e.settle();
    const [first] = await e.runIds();
    const result = resultPr(e, first!)!;
    expect(result, e.dump()).toBeDefined();
    const branch = `uet/run/${first}`;
    const before = (await e.sim.git.refSha(`refs/heads/${branch}`))!;
    const feature = await e.sim.git.refSha('refs/heads/feature');

    const mark = e.sim.log.length;
    await prComment(e, result.number, '/uet fix rename foo to bar');
    await e.settle();
    const second = await newRun(e, [first!]);
    const events = await e.events(second);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    const created = events[0] as Created;
    expect(created.data.options).toMatchObject({ parent_run_id: first, push_branch: branch, base_commit: before });
    expect(created.data.bundle.workstreams[0]!.steps[0]).toMatchObject({ step_id: 'fix', tool_profile_id: 'claude' });

    // One new commit on the PR's head branch, a fast-forward, with the second run's trailers and the rename done.
    const after = (await e.sim.git.refSha(`refs/heads/${branch}`))!;
    const log = (await e.sim.git.run(['rev-list', `${before}..${after}`])).stdout.trim().split('\n');
    expect(log).toEqual([after]);
    expect((await e.sim.git.run(['rev-parse', `${after}^`])).stdout.trim()).toBe(before);
    const message = (await e.sim.git.run(['log', '-1', '--format=%B', after])).stdout;
    expect(message).toContain(`UET-Run: ${second}`);
    expect(message).toContain('UET-Step: fix');
    expect(await e.sim.git.readFile(after, 'src/names.ts')).toBe(
      'export const bar = 1;\nexport const twice = () => bar * 2;\n',
    );
    // Its ledger entry is committed, at that commit.
    const patch = events.find((x) => x.type === 'patch_committed')!.data as { patch_id: string };
    const entry = JSON.parse((await e.sim.git.readFile(`refs/uet/runs/${second}`, `ledger/${patch.patch_id}.json`))!) as {
      state: string;
      commit: string;
    };
    expect(entry).toMatchObject({ state: 'committed', commit: after });
    // Nothing else moved, and no second result PR.
    expect(await e.sim.git.refSha('refs/heads/feature')).toBe(feature);
    expect(resultPr(e, second)).toBeUndefined();

    // The prompt the tool got holds the instructions and the repository's AGENTS.md, and is the one recorded.
    const [rendered, ...more] = promptsOf(events, e.prompts());
    expect(more).toEqual([]);
    expect(rendered!.event.data).toMatchObject({ step_id: 'fix', instructions: { path: 'AGENTS.md', truncated: false } });
    expect(rendered!.text).toContain('rename foo to bar');
    expect(rendered!.text).toContain(AGENTS.trim());

    // Cost where reviewers look: the sticky comment (per step and total), the run check on the new head.
    const sticky = e.sticky(second)!;
    expect(sticky).toContain(`**Pushed:** \`${after.slice(0, 12)}\``);
    expect(sticky).toContain(`Follows run \`${first}\``);
    expect(sticky).toMatch(/\| `fix` \| `claude` \| _default_ \| \d+s \| [1-9][\d.]*k? \/ [1-9]\d* \| \$0\.\d+ \|/);
    expect(sticky).toMatch(/\*\*Total:\*\* \$0\.\d+ \(no budget\) · [\d.]+k? tokens in, [1-9]\d* out/);
    // The tool job's record carried the tokens the tool reported into the ledger, as the run record has them.
    const succeeded = events.find((x) => x.type === 'step_succeeded')!.data as { tokens?: { input: number; output: number }; cost_usd?: number };
    expect(succeeded.tokens!.input).toBeGreaterThan(0);
    expect(succeeded.tokens!.output).toBeGreaterThan(0);
    expect(succeeded.cost_usd).toBeGreaterThan(0);
    const runCheck = e.sim.state.checkRuns.find((c) => c.name === 'UET run' && c.head_sha === after)!;
    expect(runCheck).toMatchObject({ conclusion: 'success' });
    expect(runCheck.output.summary).toContain('#### Cost');
    expect(e.sim.state.checkRuns.find((c) => c.name === 'UET step fix')).toMatchObject({ head_sha: after });
    expect(e.replies(result.number)).toEqual([]);


    // Cost on the first run's reports too: per step in its sticky comment, the total in its result PR's body.
    expect(e.sticky(first!)).toMatch(/\| `s1` \| `shell` \|[^\n]*\n\| `s2` \| `shell` \|/);
    expect(e.sticky(first!)).toContain('**Total:** $0.00 (no budget)');
    expect(result.body).toContain('**Cost:** $0.00 (no budget)');

    // The request budget: an executed step that does not end its run costs the app at most 6 requests and 3 writes
    // (s1); a run's start and end are its fixed cost, measured and bounded.
    expectStepBudget(costs, ['s1']);
    const fix = followUpCost(costs, 'fix');
    console.log(JSON.stringify({ scenario: 'a', deliveries: costs.map((c) => [c.name, c.what, c.requests, c.writes]), fix, since_fix: appCost(e, mark).requests }));
    expectFollowUpCost(fix);
    // What the review loop adds to a run's start, against the plain `/uet run` of this same scenario, is bounded.
    // Seven reads: the pull request's files, its branch and rules, the review threads (GraphQL), the parent run's
    // index and ledger. `GET /app` (the app's slug, read once per process) is left out: it falls on whichever
    // delivery needs it first (the plain run's start paid it until 7b06497 read it for help texts only).
    const plain = costs.find((c) => c.name === 'issue_comment')!;
    const plainEnd = costs.find((c) => c.name === 'workflow_run' && c.what === 's2')!;
    expect(plain.requests, plain.keys.join('\n')).toBeLessThanOrEqual(PLAIN.start.requests);
    expect(plain.writes).toBeLessThanOrEqual(PLAIN.start.writes);
    expect(plainEnd.requests, plainEnd.keys.join('\n')).toBeLessThanOrEqual(PLAIN.end.requests);
    expect(plainEnd.writes).toBeLessThanOrEqual(PLAIN.end.writes);
    const perDelivery = (c: { requests: number; keys: readonly string[] }) => c.requests - c.keys.filter((k) => k === 'GET /app').length;
    expect(perDelivery(fix.start) - perDelivery(plain)).toBeLessThanOrEqual(7);
    expect(fix.start.writes - plain.writes).toBeLessThanOrEqual(3);
  });
});

describe('review loop (b): a review with two comments and the body /uet fix', () => {
  it('leads to one follow-up commit on the PR branch whose prompt holds both comments', async () => {
    const e = await createReviewWorld();
    world.set(e);
    const costs = recordDeliveryCosts(e);
    await submitReview(e, {
      pr: 7,
      reviewId: 900,
      body: '/uet fix',
      commit: e.headSha,
      comments: [
        { id: 901, path: 'src/names.ts', line: 1, body: 'Please rename foo to bar: foo says nothing.' },
        { id: 902, path: 'lib/f.py', line: 1, body: 'And add a docstring to f while you are here.' },
      ],
    });
    await e.settle();
    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    expect((events[0] as Created).data.options).toMatchObject({ push_branch: 'feature', base_commit: e.headSha });

    // One commit on feature, a fast-forward from the reviewed commit, doing what both comments ask.
    const head = (await e.sim.git.refSha('refs/heads/feature'))!;
    expect((await e.sim.git.run(['rev-list', `${e.headSha}..${head}`])).stdout.trim().split('\n')).toEqual([head]);
    expect((await e.sim.git.run(['rev-parse', `${head}^`])).stdout.trim()).toBe(e.headSha);
    expect(await e.sim.git.readFile(head, 'src/names.ts')).toContain('export const bar = 1;');
    expect(await e.sim.git.readFile(head, 'lib/f.py')).toContain('"""f: documented by fake claude."""');
    expect((await e.sim.git.run(['log', '-1', '--format=%B', head])).stdout).toContain(`UET-Run: ${runId}`);

    // The prompt the tool got (the one prompt_rendered hashes) holds both comments, where they are and who wrote them.
    const [rendered, ...more] = promptsOf(events, e.prompts());
    expect(more).toEqual([]);
    const text = rendered!.text!;
    expect(text).toContain('src/names.ts, line 1');
    expect(text).toContain('Please rename foo to bar: foo says nothing.');
    expect(text).toContain('lib/f.py, line 1');
    expect(text).toContain('And add a docstring to f while you are here.');
    expect(text.match(/@wendy wrote:/g)).toHaveLength(2);
    expect(text).toContain(AGENTS.trim());
    expect(rendered!.event.data.instructions).toMatchObject({ path: 'AGENTS.md' });
    expect(e.sim.state.reactions).toEqual([{ subject: 'issue-7', content: 'eyes' }]);
    expect(e.replies()).toEqual([]);

    const fix = followUpCost(costs, 'fix');
    console.log(JSON.stringify({ scenario: 'b', deliveries: costs.map((c) => [c.name, c.what, c.requests, c.writes]), fix }));
    expectFollowUpCost(fix);
  });
});
