import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import {
  emptyLockTable,
  globsOverlap,
  parseLockTable,
  releaseLock,
  renderLockTable,
  requestLock,
  runLockScope,
  runnableWaiters,
  scopesOverlap,
  sweepLocks,
  type LockEntry,
  type LockTable,
} from '../../../src/core/lock/index.js';
import { matchesGlob } from '../../../src/core/patch/match-paths.js';

const gh = { kind: 'github' } as const;
const want = (run_id: string, scope: string[]) => ({ run_id, scope, since: '2026-12-07T10:00:00.000Z', owner: gh });

describe('scopes overlap', () => {
  it('literal paths, directories and patterns', () => {
    expect(globsOverlap('src/a.ts', 'src/a.ts')).toBe(true);
    expect(globsOverlap('src/a.ts', 'src/b.ts')).toBe(false);
    expect(globsOverlap('src/**', 'src/app/x.ts')).toBe(true);
    expect(globsOverlap('src/**', 'docs/**')).toBe(false);
    expect(globsOverlap('**', 'docs/guide.md')).toBe(true);
    expect(globsOverlap('**/*.ts', 'docs/**')).toBe(true); // sound, not exact: both may hold docs/x.ts
    expect(globsOverlap('docs/*.md', 'docs/api/**')).toBe(true);
    expect(globsOverlap('src/{a,b}.ts', 'test/**')).toBe(false);
    expect(scopesOverlap(['docs'], ['docs/a.md'])).toBe(true); // a literal directory covers what is under it
    expect(scopesOverlap(['README.md', 'docs/**'], ['src/**', 'package.json'])).toBe(false);
  });

  it('is sound: whenever one path matches a glob of each scope, the scopes overlap', () => {
    const seg = fc.constantFrom('src', 'docs', 'a', 'b.ts', 'c.md', 'app');
    const pathArb = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    const globArb = fc.tuple(fc.array(seg, { maxLength: 3 }), fc.constantFrom('', '*', '**', '*.ts', '**/*.md', '{a,b.ts}')).map(([s, tail]) => [...s, ...(tail ? [tail] : [])].join('/') || '**');
    fc.assert(
      fc.property(globArb, globArb, pathArb, (a, b, p) => {
        if (matchesGlob(a, p) && matchesGlob(b, p)) expect(globsOverlap(a, b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the run lock scope', () => {
  const plan = (files: (string[] | undefined)[]) => {
    const r = buildPlan({
      bundle_id: 'b',
      workstreams: [{ ws_id: 'W', steps: files.map((f, i) => ({ step_id: `s${i}`, tool_profile_id: 'shell', context: { command: 'true', ...(f ? { files: f } : {}) } })) }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.plan;
  };
  it('is the union of the steps files, or the whole repository when a step declares none', () => {
    expect(runLockScope(plan([['src/b.ts'], ['src/a.ts', 'src/b.ts']]))).toEqual(['src/a.ts', 'src/b.ts']);
    expect(runLockScope(plan([['src/a.ts'], undefined]))).toEqual(['**']);
  });
  it('a repair round declares no files, so a run with a repair loop locks the whole repository', () => {
    const r = buildPlan({
      bundle_id: 'b',
      workstreams: [{ ws_id: 'W', steps: [{ step_id: 's', tool_profile_id: 'shell', context: { command: 'true', files: ['a.txt'] } }], test_gates: [{ gate_id: 'g', type: 'GATE_TEST', command: 'true', on_failure: { repair: { tool_profile_id: 'shell', command: 'true', max_attempts: 1 } } }] }],
    });
    expect(r.ok && runLockScope(r.plan)).toEqual(['**']);
  });
});

describe('the lock table', () => {
  it('a run whose scope overlaps a holder waits in order, and holds once the holder releases', () => {
    let t: LockTable = emptyLockTable('main');
    const a = requestLock(t, want('A', ['src/**']), 'wait');
    expect(a.outcome).toBe('held');
    t = a.table;
    const docs = requestLock(t, want('D', ['docs/**']), 'wait');
    expect(docs.outcome).toBe('held'); // apart: both run
    t = docs.table;
    const b = requestLock(t, want('B', ['src/app/x.ts']), 'wait');
    expect(b).toMatchObject({ outcome: 'waiting', blockers: [{ run_id: 'A', state: 'held', overlap: ['src/app/x.ts'] }] });
    t = b.table;
    const c = requestLock(t, want('C', ['src/app/x.ts']), 'wait');
    expect(c.outcome).toBe('waiting');
    t = c.table;
    expect(requestLock(t, want('B', ['src/app/x.ts']), 'wait').outcome).toBe('waiting'); // asking again keeps its place
    t = releaseLock(t, 'A').table;
    expect(runnableWaiters(t)).toEqual(['B']); // C is behind B, not beside it
    expect(requestLock(t, want('C', ['src/app/x.ts']), 'wait').outcome).toBe('waiting');
    const b2 = requestLock(t, want('B', ['src/app/x.ts']), 'wait');
    expect(b2.outcome).toBe('held');
    expect(b2.table.entries.map((e) => `${e.run_id}:${e.state}`)).toEqual(['D:held', 'B:held', 'C:waiting']);
  });

  it('refuse leaves no entry behind', () => {
    const t = requestLock(emptyLockTable('main'), want('A', ['**']), 'refuse').table;
    const r = requestLock(t, want('B', ['x']), 'refuse');
    expect(r).toMatchObject({ outcome: 'refused', blockers: [{ run_id: 'A' }] });
    expect(r.table.entries.map((e) => e.run_id)).toEqual(['A']);
  });

  it('a sweep removes only the entries with evidence against them', () => {
    let t = emptyLockTable('main');
    for (const id of ['A', 'B', 'C']) t = requestLock(t, want(id, ['**']), 'wait').table;
    const s = sweepLocks(t, (e) => (e.run_id === 'A' ? 'ended' : e.run_id === 'C' ? 'gone' : 'alive'));
    expect(s.released.map((r) => [r.entry.run_id, r.why])).toEqual([['A', 'ended'], ['C', 'gone']]);
    expect(runnableWaiters(s.table)).toEqual(['B']);
  });

  it('property: under any interleaving of requests, releases and sweeps, no two overlapping runs hold at once, and a lone waiter is always runnable', () => {
    const scopes = [['**'], ['src/**'], ['src/a.ts'], ['docs/**'], ['docs/a.md', 'src/b.ts']];
    const op = fc.oneof(
      fc.record({ k: fc.constant('req' as const), run: fc.integer({ min: 0, max: 5 }), scope: fc.integer({ min: 0, max: scopes.length - 1 }), refuse: fc.boolean() }),
      fc.record({ k: fc.constant('rel' as const), run: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ k: fc.constant('sweep' as const), run: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let t = emptyLockTable('main');
        const scopeOf = new Map<string, string[]>();
        for (const o of ops) {
          const id = `R${o.run}`;
          if (o.k === 'req') {
            const scope = scopeOf.get(id) ?? scopes[o.scope]!;
            scopeOf.set(id, scope);
            t = requestLock(t, want(id, scope), o.refuse ? 'refuse' : 'wait').table;
          } else if (o.k === 'rel') t = releaseLock(t, id).table;
          else t = sweepLocks(t, (e) => (e.run_id === id ? 'dead_process' : 'alive')).table;
          const held = t.entries.filter((e) => e.state === 'held');
          for (const x of held) for (const y of held) if (x !== y) expect(scopesOverlap(x.scope, y.scope)).toBe(false);
          // No deadlock: when nothing holds and someone waits, the first waiter can hold.
          if (!held.length && t.entries.length) expect(runnableWaiters(t)).toContain(t.entries[0]!.run_id);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the stored table (untrusted: anyone who can push a ref can write one)', () => {
  it('round-trips', () => {
    const t = requestLock(emptyLockTable('main'), { ...want('01J', ['src/**']), owner: { kind: 'local', pid: 42, hostname: 'h' } }, 'wait').table;
    expect(parseLockTable(renderLockTable(t), 'main')).toEqual({ ok: true, table: t });
  });
  it('refuses anything else, as a whole', () => {
    const entry: LockEntry = { run_id: 'A', scope: ['**'], state: 'held', since: '2026-12-07T10:00:00Z', owner: gh };
    const bad: [unknown, RegExp][] = [
      [{ base: 'other', entries: [] }, /table of "other"/],
      [{ base: 'main', entries: [{ ...entry, run_id: '../x' }] }, /run_id/],
      [{ base: 'main', entries: [{ ...entry, scope: [] }] }, /scope/],
      [{ base: 'main', entries: [{ ...entry, state: 'owned' }] }, /state/],
      [{ base: 'main', entries: [entry, entry] }, /listed twice/],
      [{ base: 'main', entries: [{ ...entry, owner: { kind: 'local', pid: -1, hostname: 'h' } }] }, /owner/],
    ];
    for (const [doc, why] of bad) {
      const r = parseLockTable(JSON.stringify(doc), 'main');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
    expect(parseLockTable('{', 'main')).toEqual({ ok: false, error: 'not JSON' });
  });
});
