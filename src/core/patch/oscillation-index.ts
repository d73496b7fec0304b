import type { HunkPrint } from './hunk-fingerprints.js';

/** A committed patch as the index knows it: its forward hunk fingerprints (as kept in its ledger entry). */
export interface IndexedPatch {
  readonly patchId: string;
  readonly chainId: string;
  readonly fingerprints: readonly string[];
}

export interface OscillationSettings {
  readonly threshold: number;
  readonly window: 'run' | 'chain';
}

export interface OscillationFinding {
  /** The most undo/redo flips seen on one hunk, the new patch included. */
  readonly flips: number;
  readonly oscillates: boolean;
  /** Earlier patches on the flipping hunks, oldest first. */
  readonly related: readonly string[];
  readonly message?: string;
}

interface Posting {
  readonly seq: number;
  readonly patchId: string;
  readonly chainId: string;
}

export interface OscillationIndex {
  /** Records a patch that reached the run branch (in commit order). */
  add(patch: IndexedPatch): void;
  /** How often the new patch's hunks have flipped between done and undone: O(hunks), whatever the ledger size. */
  check(patch: { readonly chainId: string; readonly prints: readonly HunkPrint[] }, o: OscillationSettings): OscillationFinding;
  readonly size: number;
}

/**
 * An index from hunk fingerprint to the committed patches that wrote that hunk. A new hunk's forward print finds
 * the patches that did the same, its inverse print finds those that did the opposite; merged in commit order they
 * give the hunk's history of done and undone, and each change of direction is one flip. A patch that undoes an
 * earlier one is one flip; re-applying it is the second: with the default threshold 2, "A, revert A, A again" is
 * caught at the third patch.
 */
export function createOscillationIndex(): OscillationIndex {
  const postings = new Map<string, Posting[]>();
  let seq = 0;
  return {
    add(p) {
      seq += 1;
      for (const fp of new Set(p.fingerprints)) {
        const list = postings.get(fp);
        const entry = { seq, patchId: p.patchId, chainId: p.chainId };
        if (list) list.push(entry);
        else postings.set(fp, [entry]);
      }
    },
    check(p, o) {
      let best = { flips: 0, related: [] as string[] };
      const inWindow = (x: Posting) => o.window === 'run' || x.chainId === p.chainId;
      for (const h of p.prints) {
        const same = (postings.get(h.forward) ?? []).filter(inWindow).map((x) => ({ ...x, dir: 1 }));
        const opposite = (postings.get(h.inverse) ?? []).filter(inWindow).map((x) => ({ ...x, dir: -1 }));
        if (!opposite.length) continue;
        const history = [...same, ...opposite].sort((a, b) => a.seq - b.seq);
        let flips = 0;
        for (let i = 0; i < history.length; i++) {
          const next = history[i + 1]?.dir ?? 1;
          if (history[i]!.dir !== next) flips++;
        }
        if (flips > best.flips) best = { flips, related: history.map((x) => x.patchId) };
      }
      const oscillates = best.flips >= o.threshold;
      const related = [...new Set(best.related)];
      return {
        flips: best.flips,
        oscillates,
        related,
        ...(best.flips
          ? { message: `the patch ${best.flips === 1 ? 'undoes' : 'redoes or undoes'} hunks of ${related.join(', ')}: ${best.flips} flip${best.flips > 1 ? 's' : ''} within the ${o.window}, the threshold is ${o.threshold}` }
          : {}),
      };
    },
    get size() {
      return seq;
    },
  };
}
