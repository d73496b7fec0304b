/**
 * Percentages rounded to `decimals` places that still add up to 100 (largest remainder: the shares that lost the
 * most to rounding down get the spare units), so that a summary never shows 71.5% + 25.3% + 3.1% = 99.9%. Shares
 * that add up to 0 stay 0. Pure.
 */
export function roundShares(values: readonly number[], decimals = 1): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0) return values.map(() => 0);
  const unit = 10 ** decimals;
  const exact = values.map((v) => (v / total) * 100 * unit);
  const floors = exact.map(Math.floor);
  let spare = 100 * unit - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (spare <= 0) break;
    floors[i]!++;
    spare--;
  }
  return floors.map((f) => f / unit);
}
