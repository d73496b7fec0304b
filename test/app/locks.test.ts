import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/app/commands/parse-command.js';
import { renderLockStatus } from '../../src/app/render/render-lock-status.js';
import { emptyLockTable, requestLock } from '../../src/core/lock/index.js';

describe('/uet unlock (ADR 0024)', () => {
  it('takes a run id, or --reset and a branch, and nothing else', () => {
    expect(parseCommand('/uet unlock 01arz3ndektsv4rrffq69g5fav')).toEqual({ kind: 'command', command: { name: 'unlock', runId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    expect(parseCommand('/uet unlock --reset release/2.x')).toEqual({ kind: 'command', command: { name: 'unlock-reset', base: 'release/2.x' } });
    for (const bad of ['/uet unlock', '/uet unlock all', '/uet unlock --reset', '/uet unlock --reset ../main', '/uet unlock --reset $(id)', '/uet unlock --reset -x', '/uet unlock 01ARZ3NDEKTSV4RRFFQ69G5FAV extra'])
      expect(parseCommand(bad).kind, bad).toBe('invalid');
  });
});

describe('the lock section of /uet status', () => {
  const want = (run_id: string, scope: string[]) => ({ run_id, scope, since: '2026-12-07T10:00:00.000Z', owner: { kind: 'github' as const } });
  it('says who holds, who waits behind whom, and on which paths', () => {
    let t = requestLock(emptyLockTable('main'), want('01AAAAAAAAAAAAAAAAAAAAAAAA', ['src/**']), 'wait').table;
    t = requestLock(t, want('01BBBBBBBBBBBBBBBBBBBBBBBB', ['src/app/x.ts']), 'wait').table;
    const text = renderLockStatus('01BBBBBBBBBBBBBBBBBBBBBBBB', 'main', { table: t });
    expect(text).toContain('**Lock of `main`:** this run is queued since 2026-12-07T10:00:00.000Z, behind run `01AAAAAAAAAAAAAAAAAAAAAAAA` (running; overlapping `src/app/x.ts`)');
    expect(text).toContain('| `01AAAAAAAAAAAAAAAAAAAAAAAA` | held |');
    expect(renderLockStatus('01AAAAAAAAAAAAAAAAAAAAAAAA', 'main', { table: t })).toContain('this run holds it since');
  });
  it('names a table someone else wrote, and how a writer resets it', () => {
    expect(renderLockStatus('01AAAAAAAAAAAAAAAAAAAAAAAA', 'main', { table: emptyLockTable('main'), foreign: 'not JSON' })).toContain('is not UET\'s (not JSON); runs with a lock wait until a writer comments `/uet unlock --reset main`');
  });
});
