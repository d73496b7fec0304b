import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../src/adapters/scan-json.js';

describe('scanJson', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(scanJson(text).ok).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it('records where each pointer starts', () => {
    const text = '{"a": [10, {"b~/": true}]}';
    const scan = scanJson(text);
    if (!scan.ok) throw new Error(scan.reason);
    expect(scan.offsets.get('/a')).toBe(1);
    expect(text.slice(scan.offsets.get('/a/0'))).toMatch(/^10/);
    expect(text.slice(scan.offsets.get('/a/1/b~0~1'))).toMatch(/^"b~\/"/);
  });

  it.each([
    ['{"a": 1,}', 8, 'trailing comma'],
    ['[1 2]', 3, 'expected "," or "]"'],
    ['{"a" 1}', 5, 'expected ":"'],
    ['"tab\there"', 4, 'control character'],
    ['{} x', 3, 'after the end of the document'],
    ['01', 1, 'after the end'],
  ])('locates the error in %j', (text, offset, reason) => {
    const scan = scanJson(text);
    expect(scan.ok).toBe(false);
    if (scan.ok) return;
    expect(scan.offset).toBe(offset);
    expect(scan.reason).toContain(reason);
  });
});
