/**
 * Total variation distance between two byte breakdowns, in percentage points: half the sum over all
 * languages of |share in a - share in b|, shares in percent of each breakdown's total. 0 when they agree,
 * 100 when they share nothing. Two empty breakdowns agree (0); an empty one against a non-empty one is 100.
 */
export function totalVariationPp(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): number {
  const total = (x: Readonly<Record<string, number>>) => Object.values(x).reduce((s, v) => s + v, 0);
  const ta = total(a);
  const tb = total(b);
  if (ta === 0 && tb === 0) return 0;
  if (ta === 0 || tb === 0) return 100;
  let sum = 0;
  for (const language of new Set([...Object.keys(a), ...Object.keys(b)])) {
    sum += Math.abs((a[language] ?? 0) / ta - (b[language] ?? 0) / tb);
  }
  return (sum / 2) * 100;
}
