import { describe, expect, it } from 'vitest';
import { firstLines, lastLines } from '../../../../src/core/bootstrap/languages/sample-lines.js';

// [text, first_lines(5), last_lines(5)] as Linguist 7.22.1's BlobHelper computes them, quirks included.
const CASES: readonly [string, string[], string[]][] = [
  ['', [], []],
  ['a', [], []],
  ['a\n', ['a', ''], []],
  ['a\nb', ['a', ''], ['b']],
  ['a\nb\n', ['a', 'b', ''], ['b']],
  ['1\n2\n3\n4\n5\n6\n7\n8\n', ['1', '2', '3', '4', '5', ''], ['4', '5', '6', '7', '8']],
  ['1\n2\n3\n4\n5\n6\n7\n8', ['1', '2', '3', '4', '5', ''], ['4', '5', '6', '7', '8']],
  ['a\r\nb\r\nc\r\n', ['a', 'b', 'c', ''], ['b', 'c']],
  ['1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n', ['1', '2', '3', '4', '5', ''], ['6', '7']],
  ['a\rb\rc', ['a', 'b', ''], ['b', 'c']],
  ['\n\n\n', ['', '', '', ''], ['', '']],
  ['1\n2\r3\r\n4\n\n5\n6\r\n7\r\n8', ['1', '2', '3', '4', '', ''], ['6', '7', '8']],
  // rindex from position -1 wraps around to the end of the text
  ['\n\naba\r\n\n', ['', '', 'aba', '', ''], []],
  ['\nb\ra\nab', ['', 'b', 'a', ''], ['a', 'ab']],
];

describe('firstLines / lastLines (BlobHelper#first_lines, #last_lines)', () => {
  it.each(CASES)('%j', (text, first, last) => {
    expect(firstLines(text, 5)).toEqual(first);
    expect(lastLines(text, 5)).toEqual(last);
  });
});
