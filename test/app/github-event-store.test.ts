import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubEventStore } from '../../src/adapters/github/github-event-store.js';
import {
  appendRunLedger,
  bumpRunLedger,
  createRunLedger,
  LedgerConflictError,
} from '../../src/adapters/github/write-run-ledger.js';
import type { RunEvent } from '../../src/core/run/index.js';
import type { AppHarness } from './support/app-harness.js';
import { done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const RUN = '01JRUN00000000000000000000';
const ev = (seq: number, type: string): RunEvent =>
  ({
    event_id: `01JEV0000000000000000000${String(seq).padStart(2, '0')}`,
    run_id: RUN,
    seq,
    ts: '2026-01-01T00:00:00.000Z',
    type,
    data: {},
  }) as unknown as RunEvent;

describe('the EventStore port on GitHub (refs/uet/runs/<run_id>)', () => {
  it('creates, reads and appends by compare-and-swap; a stale writer gets a conflict and loses nothing', async () => {
    h = await setup();
    const { gh, repo } = await scopeFor(h);
    const a = createGitHubEventStore(gh, repo);
    const b = createGitHubEventStore(gh, repo);
    await a.append(RUN, [ev(1, 'run_created')]);
    expect((await b.read(RUN)).map((e) => e.seq)).toEqual([1]);
    await a.append(RUN, [ev(2, 'run_started')]);
    await expect(b.append(RUN, [ev(2, 'warning')])).rejects.toBeInstanceOf(LedgerConflictError);
    expect((await b.read(RUN)).map((e) => e.type)).toEqual(['run_created', 'run_started']);
    await b.append(RUN, [ev(3, 'warning')]);
    expect((await a.read(RUN)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await a.read('01JNONE0000000000000000000')).toEqual([]);
  });

  it("appends on a head it wrote itself without reading that commit; a head another writer made is read, and its tree is the one built on", async () => {
    h = await setup();
    const { gh, repo } = await scopeFor(h);
    const run = '01JRUN00000000000000000001';
    const reads = () => h!.fake.requests().filter((r) => r.key === 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}').length;
    h.fake.mark();
    const first = await createRunLedger(gh, repo, run, [ev(1, 'run_created')]);
    const bumped = await bumpRunLedger(gh, repo, run, first, 'uet: claims');
    const text = `${JSON.stringify(ev(1, 'run_created'))}\n`;
    const second = await appendRunLedger(gh, repo, run, bumped, text, [ev(2, 'run_started')]);
    expect(reads()).toBe(0);
    // Another writer (a runner) adds a file next to events.jsonl and moves the head: its commit is read once.
    const s = h.fake.state;
    const files = new Map(s.trees.get(s.commits.get(second)!.tree));
    files.set('claims/a', 'x');
    const theirs = s.writeCommit(s.writeTree(files), [second], 'runner');
    s.refs.set(`refs/uet/runs/${run}`, theirs);
    const text2 = [...files].find(([p]) => p === 'events.jsonl')![1];
    const mine = await appendRunLedger(gh, repo, run, theirs, text2, [ev(3, 'warning')]);
    expect(reads()).toBe(1);
    const tree = s.trees.get(s.commits.get(mine)!.tree)!;
    expect(tree.get('claims/a')).toBe('x');
    expect(tree.get('events.jsonl')!.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
  });
});
