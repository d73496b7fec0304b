import { describe, expect, it } from 'vitest';
import { totalVariationPp } from '../../../../src/core/bootstrap/languages/index.js';

describe('totalVariationPp', () => {
  it('is 0 for identical shares, whatever the totals', () => {
    expect(totalVariationPp({ Python: 90, Shell: 10 }, { Python: 900, Shell: 100 })).toBe(0);
    expect(totalVariationPp({}, {})).toBe(0);
  });

  it('is half the L1 distance of the shares, in percentage points', () => {
    // shares 75/25 vs 50/50: |0.25| + |0.25| = 0.5, halved: 0.25 -> 25 pp
    expect(totalVariationPp({ A: 3, B: 1 }, { A: 1, B: 1 })).toBeCloseTo(25, 10);
    // a language only on one side: 90/10 vs 100: (0.1 + 0.1) / 2 = 10 pp
    expect(totalVariationPp({ A: 9, B: 1 }, { A: 5 })).toBeCloseTo(10, 10);
  });

  it('is 100 for disjoint breakdowns, or when only one side is empty', () => {
    expect(totalVariationPp({ A: 1 }, { B: 7 })).toBe(100);
    expect(totalVariationPp({ A: 1 }, {})).toBe(100);
  });

  it('is symmetric', () => {
    const a = { C: 120, Shell: 95, Perl: 10 };
    const b = { C: 100, Shell: 100, Python: 3 };
    expect(totalVariationPp(a, b)).toBeCloseTo(totalVariationPp(b, a), 12);
  });
});
