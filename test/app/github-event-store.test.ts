import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubEventStore } from '../../src/adapters/github/github-event-store.js';
import { LedgerConflictError } from '../../src/adapters/github/write-run-ledger.js';
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
});
