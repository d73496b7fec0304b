import { describe, expect, it } from 'vitest';
import { buildHunkPrints, createOscillationIndex, createRunLedger, type HunkPrint } from '../../../src/core/patch/index.js';
import { filesOf, modifyDiff } from './diff-fixtures.js';

const A = modifyDiff('src/x.ts', ['const limit = 10;'], ['const limit = 20;'], 10);
const revertA = modifyDiff('src/x.ts', ['const limit = 20;'], ['const limit = 10;'], 14); // elsewhere in the file
const prints = (d: string) => buildHunkPrints(filesOf(d));
const settings = { threshold: 2, window: 'run' as const };

describe('hunk fingerprints', () => {
  it('ignore line numbers, context and whitespace noise; a revert prints the inverse', () => {
    const [a] = prints(A);
    const [shifted] = prints(modifyDiff('src/x.ts', ['const   limit = 10;  '], ['\tconst limit = 20;'], 99));
    const [r] = prints(revertA);
    expect(shifted).toEqual(a);
    expect(r).toEqual({ forward: a!.inverse, inverse: a!.forward });
    expect(prints(modifyDiff('src/y.ts', ['const limit = 10;'], ['const limit = 20;']))[0]).not.toEqual(a);
    expect(prints(modifyDiff('src/x.ts', ['a  b'], ['a b']))).toEqual([]); // whitespace-only
  });
});

describe('oscillation detection', () => {
  it('catches A, then revert A, then A again (threshold 2), and lets a single revert through', () => {
    const index = createOscillationIndex();
    const check = (d: string) => index.check({ chainId: 'run/s', prints: prints(d) }, settings);
    expect(check(A).oscillates).toBe(false);
    index.add({ patchId: 'A1', chainId: 'run/s', fingerprints: prints(A).map((p) => p.forward) });
    const undo = check(revertA);
    expect(undo).toMatchObject({ flips: 1, oscillates: false, related: ['A1'] });
    index.add({ patchId: 'R', chainId: 'run/t', fingerprints: prints(revertA).map((p) => p.forward) });
    const redo = check(A);
    expect(redo).toMatchObject({ flips: 2, oscillates: true, related: ['A1', 'R'] });
    expect(redo.message).toMatch(/2 flips within the run, the threshold is 2/);
    expect(index.check({ chainId: 'run/s', prints: prints(A) }, { threshold: 3, window: 'run' }).oscillates).toBe(false);
  });

  it('window chain only looks at the same step across its attempts', () => {
    const index = createOscillationIndex();
    index.add({ patchId: 'A1', chainId: 'run/a', fingerprints: prints(A).map((p) => p.forward) });
    index.add({ patchId: 'R', chainId: 'run/b', fingerprints: prints(revertA).map((p) => p.forward) });
    expect(index.check({ chainId: 'run/a', prints: prints(A) }, { threshold: 2, window: 'chain' }).flips).toBe(0);
    expect(index.check({ chainId: 'run/a', prints: prints(A) }, { threshold: 2, window: 'run' }).flips).toBe(2);
  });

  it('is rebuilt from ledger entries (committed ones, in commit order) without parsing diffs', () => {
    const entry = (id: string, fps: HunkPrint[], at: string) => ({
      patch_id: id, run_id: 'run', state: 'committed' as const, commit: 'abcdef1',
      state_history: [{ from: null, to: 'created' as const, at, reason: 'x' }, { from: 'applied' as const, to: 'committed' as const, at, reason: 'x' }],
      relationships: { chain_id: 'run/s' }, hunk_fingerprints: fps.map((p) => p.forward), created_at: at, updated_at: at,
    });
    const ledger = createRunLedger('run', [entry('R', prints(revertA), '2026-01-01T00:00:02Z'), entry('A1', prints(A), '2026-01-01T00:00:01Z')]);
    expect(ledger.index.check({ chainId: 'run/s', prints: prints(A) }, settings).oscillates).toBe(true);
  });
});
