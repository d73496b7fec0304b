import { describe, expect, it } from 'vitest';
import { ledgerRef, startRef } from '../../src/adapters/github/ledger-layout.js';
import type { GitResult } from '../../src/adapters/git/run-git.js';
import type { GitRemote } from '../../src/action/git-remote.js';
import { readLedger } from '../../src/action/run-ledger.js';
import { buildRunCreated } from '../../src/core/run/index.js';

const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';
const sha = (n: number) => n.toString(16).padStart(40, '0');
const created = buildRunCreated(
  RUN,
  {
    bundle: {
      bundle_id: 'b',
      workstreams: [
        {
          ws_id: 'w',
          steps: [
            { step_id: 'a', tool_profile_id: 'shell' },
            { step_id: 'b', tool_profile_id: 'shell' },
          ],
        },
      ],
    },
    options: { max_parallel: 1 },
    origin: { kind: 'cli' },
  },
  '2025-11-22T14:30:00.000Z',
  '01KANZHWAG5XNMCF3WGBDAK88P',
);

/**
 * An origin whose ledger moves right after each listing (a busy run: other writers keep appending), with one
 * outstanding start claim of another writer.
 */
function busyOrigin(): GitRemote {
  let head = 1;
  let fetched = 0;
  const ok = (stdout = ''): Promise<GitResult> => Promise.resolve({ code: 0, stdout, stderr: '' });
  return {
    cwd: '/nowhere',
    git(args) {
      if (args[0] === 'fetch') {
        fetched = head;
        return ok();
      }
      if (args[0] === 'rev-parse') return ok(`${sha(fetched)}\n`);
      if (args[0] === 'ls-remote') {
        const listing = `${sha(head)}\trefs/${ledgerRef(RUN)}\n${sha(1)}\trefs/${startRef(RUN, 'b', 1)}\n`;
        head += 1;
        return ok(listing);
      }
      if (args[0] === 'cat-file') return ok(`${JSON.stringify(created)}\n`);
      return Promise.reject(new Error(`unexpected git ${args.join(' ')}`));
    },
  };
}

describe('readLedger', () => {
  it('never drops the outstanding start claims when the ledger keeps moving', async () => {
    const snap = await readLedger(busyOrigin(), RUN);
    expect(snap.claims).toEqual([{ nodeId: 'b', attempt: 1 }]);
    expect(snap.events.map((e) => e.type)).toEqual(['run_created']);
  });
});
