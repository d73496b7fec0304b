import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Of } from '../../../src/core/patch/index.js';
import { RUN_ID } from './action-repo.js';

const PATCH_ID = '01KANZHRDGXD02XAFQQCQFF5ZF';

/**
 * What a compromised execute job hands over for step s1, attempt 1: a clean attempt record and a forged patch.json
 * that is self-consistent (its scope and hash match what a naive reader of the diff sees), so that only the trick
 * under test is in play. `base` is the commit the artifact claims to be made on; `claimed` its files_touched.
 */
export function forgeExecute(dir: string, o: { base: string; diff: string; claimed: readonly string[] }): void {
  mkdirSync(dir, { recursive: true });
  const lines = o.diff.split('\n');
  writeFileSync(join(dir, 'attempt.json'), JSON.stringify({ run_id: RUN_ID, node_id: 's1', attempt: 1, kind: 'step', tool_id: 'shell', ok: true, duration_ms: 10, started_at: new Date().toISOString(), patch_id: PATCH_ID, files_changed: o.claimed.length, policy: { passed: true, violations: [] }, validation: 'none' }));
  writeFileSync(
    join(dir, 'patch.json'),
    JSON.stringify({
      patch_id: PATCH_ID,
      format: 'unified_diff',
      target_repo: 'acme/widgets',
      base_commit: o.base,
      origin: { run_id: RUN_ID, ws_id: 'code', step_id: 's1', attempt: 1, tool_id: 'shell', created_at: new Date().toISOString() },
      scope: {
        files_touched: o.claimed,
        line_insertions: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++ ')).length,
        line_deletions: lines.filter((l) => l.startsWith('-') && !l.startsWith('--- ')).length,
        hunks: lines.filter((l) => l.startsWith('@@ ')).length,
      },
      diff_sha256: sha256Of(o.diff),
      diff_text: o.diff,
    }),
  );
}
