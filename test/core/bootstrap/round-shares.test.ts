import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundShares } from '../../../src/core/bootstrap/round-shares.js';

describe('roundShares', () => {
  it('the shares a summary shows add up to 100 (71.5 + 25.3 + 3.1 was 99.9)', () => {
    const shares = roundShares([1270, 450, 56]);
    expect(shares).toEqual([71.5, 25.3, 3.2]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
  });

  it('any byte counts: the sum is exactly 100.0, each share within 0.1 of the exact one', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (bytes) => {
        const total = bytes.reduce((a, b) => a + b, 0);
        const shares = roundShares(bytes);
        if (total === 0) {
          expect(shares).toEqual(bytes.map(() => 0));
          return;
        }
        expect(Math.round(shares.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
        bytes.forEach((b, i) => expect(Math.abs(shares[i]! - (b / total) * 100)).toBeLessThan(0.1 + 1e-9));
      }),
      { examples: [[[0]], [[0, 0, 0]]] },
    );
  });
});
