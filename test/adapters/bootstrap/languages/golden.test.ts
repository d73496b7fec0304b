import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanLanguages } from '../../../../src/adapters/bootstrap/languages/index.js';
import { totalVariationPp } from '../../../../src/core/bootstrap/languages/index.js';

/**
 * The golden breakdowns (Linguist 7.22.1 on public repositories, see scripts/linguist/make-golden.mjs)
 * against our scan, for each repository checked out under UET_CORPUS_DIR (default /work/corpus) at its
 * pinned commit; skipped otherwise, so that the suite needs neither the corpus nor Ruby.
 */
interface Golden {
  repo: string;
  commit: string;
  linguist_version: string;
  breakdown: Record<string, number>;
  hand_label_profile: string;
  linguist_seconds: number;
}

const goldenDir = path.resolve('test/fixtures/linguist/golden');
const corpusDir = process.env.UET_CORPUS_DIR ?? '/work/corpus';
const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f.slice(0, -5),
    golden: JSON.parse(readFileSync(path.join(goldenDir, f), 'utf8')) as Golden,
  }));

function checkedOutAt(dir: string, commit: string): boolean {
  if (!existsSync(path.join(dir, '.git'))) return false;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim() === commit;
  } catch {
    return false;
  }
}

const top = (b: Record<string, number>) => Object.entries(b).sort((x, y) => y[1] - x[1])[0]?.[0];

describe('golden breakdowns', () => {
  it('are well-formed Linguist 7.22.1 records of at least 8 repositories', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(8);
    for (const { golden } of goldens) {
      expect(golden.linguist_version).toBe('7.22.1');
      expect(golden.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(golden.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(Object.values(golden.breakdown).every((b) => Number.isInteger(b) && b > 0)).toBe(true);
    }
  });

  for (const { name, golden } of goldens) {
    const dir = path.join(corpusDir, name);
    it.skipIf(!checkedOutAt(dir, golden.commit))(
      `${name}: within 0.5 pp of Linguist, same top language`,
      async () => {
        const scan = await scanLanguages(dir);
        const ours = Object.fromEntries(scan.languages.map((l) => [l.language, l.bytes]));
        expect(totalVariationPp(ours, golden.breakdown)).toBeLessThanOrEqual(0.5);
        expect(top(ours)).toBe(top(golden.breakdown));
      },
    );
  }
});
