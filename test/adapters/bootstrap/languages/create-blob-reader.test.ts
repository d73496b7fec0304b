import { afterAll, describe, expect, it } from 'vitest';
import { createBlobReader } from '../../../../src/adapters/bootstrap/languages/create-blob-reader.js';
import { git, removeTempDirs } from '../../helpers/temp-repo.js';
import { makeRepo } from './make-repo.js';

afterAll(removeTempDirs);

describe.each([true, false])('createBlobReader (spool %s)', (spool) => {
  it('hands over each blob, cut to the sample size, and null for what cannot be read', async () => {
    const big = 'x'.repeat(300_000);
    const dir = await makeRepo({
      files: { 'a.txt': 'alpha\n', 'b.txt': big, 'c.bin': Buffer.from([0, 1, 2, 255]) },
    });
    const oid = (p: string) => git(dir, 'rev-parse', `HEAD:${p}`);
    const [a, b, c, tree] = await Promise.all([
      oid('a.txt'),
      oid('b.txt'),
      oid('c.bin'),
      git(dir, 'rev-parse', 'HEAD^{tree}'),
    ]);
    const reader = createBlobReader(dir, { sampleBytes: 1000, spool });
    try {
      const got: [string, string | null][] = [];
      await reader.read([a, b, '0'.repeat(40), c, tree], (o, sample) => got.push([o, sample]));
      expect(got).toEqual([
        [a, 'alpha\n'],
        [b, 'x'.repeat(1000)],
        ['0'.repeat(40), null],
        [c, '\0\x01\x02\xff'],
        [tree, null],
      ]);
      // The same process serves a second request.
      const again: (string | null)[] = [];
      await reader.read([a], (_o, sample) => again.push(sample));
      expect(again).toEqual(['alpha\n']);
    } finally {
      reader.close();
    }
  });
});
