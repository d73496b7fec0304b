import { afterEach, describe, expect, it } from 'vitest';
import { stickyMarker, writeStickyComment } from '../../src/adapters/github/sticky-comment.js';
import type { AppHarness } from './support/app-harness.js';
import { done, setup } from './support/scenario.js';
import { PR } from './support/seed-repo.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';

describe('the sticky progress comment', () => {
  it("another app's bot that posts a run's marker first does not get the run's reports written into its comment", async () => {
    const t = await setup();
    h = t;
    const s = t.fake.state;
    // Run ids are public (refs, workflow run names): another installed app's bot plants the marker.
    const planted = { id: s.id(), issue: PR, body: `${stickyMarker(RUN)}\n[log in](https://evil.example)`, user: 'other-app[bot]', edits: 0 };
    s.comments.push(planted);
    const scope = await scopeFor(t);
    const id = await writeStickyComment(
      scope.gh,
      scope.repo,
      { kind: 'pr', number: PR },
      { runId: RUN, ledgerHead: t.mainSha, appId: s.appId },
      'progress',
    );
    expect(id).not.toBe(planted.id);
    expect(planted).toMatchObject({ edits: 0, body: `${stickyMarker(RUN)}\n[log in](https://evil.example)` });
    expect(s.comments.find((c) => c.id === id)).toMatchObject({ user: 'uet-app[bot]', body: `${stickyMarker(RUN)}\nprogress` });
    // Its own comment, once written, is found again by its marker (a process that died before recording its ref).
    s.refs.delete([...s.refs.keys()].find((r) => r.startsWith(`refs/uet/runs/${RUN}-comment/`))!);
    const again = await writeStickyComment(
      scope.gh,
      scope.repo,
      { kind: 'pr', number: PR },
      { runId: RUN, ledgerHead: t.mainSha, appId: s.appId },
      'progress 2',
    );
    expect(again).toBe(id);
  });
});
