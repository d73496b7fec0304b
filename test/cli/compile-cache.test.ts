// bin/uet.js asks Node (22.1 and later) to keep V8's compiled code of uet's modules between runs, in the user's own
// cache directory (issue 19: parsing and compiling the modules is most of a command's fixed cost). Node 20 has no
// compile cache: there the CLI runs as before and writes nothing.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { PYTHON_REPO } from '../adapters/bootstrap/repos.js';

const root = resolve(import.meta.dirname, '../..');
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `node bin/uet.js <args>` with exactly `env` (and PATH). */
async function uet(args: readonly string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/uet.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return stdout;
}
/** The report without what moves with the clock: the times, and the digests of the artifacts that carry one. */
const withoutTime = (report: string) => report.replace(/"(generated_at|sha256)": "[^"]*"/g, '');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
}, 60_000);
afterAll(removeTempDirs);

describe('the compile cache of the CLI', () => {
  it.runIf(hasCompileCache)('is kept in the user cache directory and gives the same report when reused', async () => {
    const repo = await createTempRepo(PYTHON_REPO);
    const cache = await makeTempDir('uet-cache-home-');
    const first = await uet(['bootstrap', repo, '--json'], { XDG_CACHE_HOME: cache });
    const dir = join(cache, 'uet', 'node-compile-cache');
    const [versionDir] = await readdir(dir);
    expect((await readdir(join(dir, versionDir!))).length).toBeGreaterThan(10); // the CLI's chunks and the scanner's
    expect(withoutTime(await uet(['bootstrap', repo, '--json'], { XDG_CACHE_HOME: cache }))).toBe(withoutTime(first));
  });

  it.runIf(hasCompileCache)('is never put in the shared temporary directory, where another user could plant code', async () => {
    const home = await makeTempDir('uet-home-');
    const tmp = await makeTempDir('uet-tmp-');
    await uet(['--version'], { HOME: home, TMPDIR: tmp });
    expect(await readdir(tmp)).toEqual([]);
    expect(existsSync(join(home, '.cache', 'uet', 'node-compile-cache'))).toBe(true);
  });

  it.runIf(hasCompileCache)('is not written with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const cache = await makeTempDir('uet-cache-off-');
    await uet(['--version'], { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(existsSync(join(cache, 'uet'))).toBe(false);
  });

  it.skipIf(hasCompileCache)('is not there on a Node without one (Node 20): nothing is written', async () => {
    const cache = await makeTempDir('uet-cache-none-');
    expect(await uet(['--version'], { XDG_CACHE_HOME: cache })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(await readdir(cache)).toEqual([]);
  });
});
