import { describe, expect, it } from 'vitest';
import { checksNamed, resultPr, runBranchCommits, useE2E } from './support/inspect.js';
import {
  AGENTS,
  F_PY,
  createReviewWorld,
  issueComment,
  promptsOf,
  recordDeliveryCosts,
  type Created,
} from './support/review-loop.js';

const world = useE2E();

describe('review loop (c): a request in plain words on an issue', () => {
  it('`@<slug> add a docstring to f` opens a result PR into the default branch that closes the issue', async () => {
    const e = await createReviewWorld();
    world.set(e);
    const costs = recordDeliveryCosts(e);
    await issueComment(e, 12, '@uet-app add a docstring to f', {
      author: 'wendy',
      title: 'Document f',
      text: 'f in lib/f.py has no docstring.',
    });
    await e.settle();
    const [runId, ...others] = await e.runIds();
    expect(others).toEqual([]);
    const events = await e.events(runId!);
    expect(events.at(-1), e.dump()).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    const created = (events[0] as Created).data;
    expect(created.origin).toMatchObject({ kind: 'github_comment', ref: 'refs/heads/main', sha: e.mainSha, issue_number: 12 });
    expect(created.bundle.workstreams[0]!.steps[0]).toMatchObject({ step_id: 'request', tool_profile_id: 'claude' });
    expect(created.options.push_branch).toBeUndefined(); // an issue has no branch: the result is a PR

    // One commit on the run branch from main: f documented, nothing else.
    const commits = await runBranchCommits(e, runId!, e.mainSha);
    expect(commits.map((c) => c.files)).toEqual([['lib/f.py']]);
    expect(await e.sim.git.readFile(`refs/heads/uet/run/${runId}`, 'lib/f.py')).toBe(
      F_PY.replace('):\n', '):\n    """f: documented by fake claude."""\n'),
    );
    const pr = resultPr(e, runId!)!;
    expect(pr).toMatchObject({ base: { ref: 'main' }, state: 'open', labels: ['uet'] });
    expect(pr.body).toContain('Closes #12');
    expect(pr.body).toMatch(/\*\*Cost:\*\* \$0\.\d+ \(no budget\)/);

    // The prompt the tool got: the issue's title and body, the words, and AGENTS.md, as prompt_rendered records.
    const [rendered, ...more] = promptsOf(events, e.prompts());
    expect(more).toEqual([]);
    expect(rendered!.text).toContain('Resolve issue #12: Document f.');
    expect(rendered!.text).toContain('f in lib/f.py has no docstring.');
    expect(rendered!.text).toContain('add a docstring to f');
    expect(rendered!.text).toContain(AGENTS.trim());
    expect(rendered!.event.data.instructions).toMatchObject({ path: 'AGENTS.md', truncated: false });

    // The issue shows the run: 👀, the sticky comment with the step's cost and the total, the run check on main.
    expect(e.sim.state.reactions).toEqual([{ subject: expect.stringMatching(/^comment-\d+$/), content: 'eyes' }]);
    const sticky = e.sticky(runId!)!;
    expect(sticky).toContain(`#${pr.number}`);
    expect(sticky).toMatch(/\| `request` \| `claude` \| _default_ \| \d+s \| [1-9][\d.]*k? \/ [1-9]\d* \| \$0\.\d+ \|/);
    expect(sticky).toMatch(/\*\*Total:\*\* \$0\.\d+ \(no budget\)/);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ head_sha: e.mainSha, conclusion: 'success' }]);
    expect(e.replies(12)).toEqual([]);
    console.log(JSON.stringify({ scenario: 'c', deliveries: costs.map((c) => [c.name, c.what, c.requests, c.writes]) }));
    // The one-step run's fixed costs (ADR 0025 point 8: from 23/16 and 19/9), so that a request that comes back fails.
    const start = costs.find((c) => c.name === 'issue_comment')!;
    const end = costs.find((c) => c.name === 'workflow_run' && c.what === 'request')!;
    expect(start.requests, start.keys.join('\n')).toBeLessThanOrEqual(19);
    expect(start.writes).toBeLessThanOrEqual(14);
    expect(end.requests, end.keys.join('\n')).toBeLessThanOrEqual(17);
    expect(end.writes).toBeLessThanOrEqual(9);
  });
});
