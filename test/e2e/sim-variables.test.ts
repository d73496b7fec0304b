import { describe, expect, it } from 'vitest';
import { assertVariables } from './support/sim-variables.js';

describe("the simulated runner's `vars` follow GitHub's naming rules and limits", () => {
  it('stores names upper-case, as GitHub does, so `vars.x` and `vars.X` read the same variable', () => {
    expect(assertVariables({ anthropic_base_url: 'http://127.0.0.1:1' })).toEqual({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' });
  });

  it('refuses what GitHub refuses: bad characters, a leading digit, GITHUB_, a name twice, 48 KB, 256 KB in all', () => {
    expect(() => assertVariables({ 'BASE-URL': 'x' })).toThrow(/only letters, digits and _/);
    expect(() => assertVariables({ '1URL': 'x' })).toThrow(/not starting with a digit/);
    expect(() => assertVariables({ GITHUB_TOKEN: 'x' })).toThrow(/GITHUB_/);
    expect(() => assertVariables({ url: 'a', URL: 'b' })).toThrow(/case-insensitive/);
    expect(() => assertVariables({ BIG: 'x'.repeat(48 * 1024 + 1) })).toThrow(/48 KB/);
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`V${i}`, 'x'.repeat(48 * 1024)]));
    expect(() => assertVariables(many)).toThrow(/256 KB/);
  });
});
