// The scan in a worker thread runs from the built lib/ only (a worker cannot load src/*.ts), so this test
// builds lib/ and loads the built module, as `node bin/uet.js bootstrap` does.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLanguages } from '../../../../src/adapters/bootstrap/languages/scan-languages.js';
import * as inThread from '../../../../src/adapters/bootstrap/languages/scan-in-worker.js';
import { runUet, runUetProcess } from '../../../cli/run-uet.js';
import { PYTHON_REPO } from '../repos.js';
import { createTempRepo, makeTempDir, removeTempDirs } from '../../helpers/temp-repo.js';
import { KITCHEN_SINK_FILES, KITCHEN_SINK_SUBMODULE, KITCHEN_SINK_SYMLINKS } from './kitchen-sink.js';
import { makeRepo } from './make-repo.js';

const root = resolve(import.meta.dirname, '../../../..');
type Module = typeof inThread;
let built: Module;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  built = (await import(
    pathToFileURL(resolve(root, 'lib/adapters/bootstrap/languages/scan-in-worker.js')).href
  )) as Module;
}, 60_000);
afterAll(removeTempDirs);

describe('scanInWorker', () => {
  it('is not offered when running from the TypeScript sources', () => {
    expect(inThread.canScanInWorker).toBe(false);
    expect(built.canScanInWorker).toBe(true);
  });

  it('gives the same scan as scanLanguages in the calling thread, from any directory of the repository', async () => {
    const dir = await makeRepo({
      files: KITCHEN_SINK_FILES,
      symlinks: KITCHEN_SINK_SYMLINKS,
      submodule: KITCHEN_SINK_SUBMODULE,
    });
    const expected = await scanLanguages(dir, { includeFiles: true });
    expect(await built.scanInWorker(dir, { includeFiles: true }).result).toEqual(expected);
    const fromSubdirectory = await built.scanInWorker(resolve(dir, 'src')).result;
    expect(fromSubdirectory.languages).toEqual(expected.languages);
  });

  it('keeps the meaning of errors: bad input is a UsageError', async () => {
    const notRepo = await makeTempDir('uet-worker-');
    await expect(built.scanInWorker(notRepo).result).rejects.toMatchObject({
      name: 'UsageError',
      code: 'usage',
      message: expect.stringContaining('not a git repository'),
    });
    await expect(built.scanInWorker(resolve(notRepo, 'missing')).result).rejects.toMatchObject({
      code: 'usage',
      message: expect.stringContaining('no such directory'),
    });
  });

  it('a cancelled scan stops its worker and never rejects unhandled', async () => {
    const notRepo = await makeTempDir('uet-worker-');
    const scan = built.scanInWorker(notRepo);
    scan.cancel();
    const outcome = await Promise.race([
      scan.result.then(
        () => 'settled',
        () => 'settled',
      ),
      new Promise((r) => setTimeout(() => r('pending'), 300)),
    ]);
    expect(outcome).toBe('pending');
  });

  it('`node bin/uet.js bootstrap` (the scan in a worker) reports what the in-thread scan reports', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const viaProcess = await runUetProcess(['bootstrap', dir, '--json']);
    const inThreadRun = await runUet(['bootstrap', dir, '--json'], { env: { PATH: process.env.PATH ?? '' } });
    expect(viaProcess.code).toBe(0);
    const [a, b] = [viaProcess, inThreadRun].map(
      (r) =>
        JSON.parse(r.stdout) as { profile_id: string; discovery: { languages: unknown; totals: unknown } },
    );
    expect(a!.profile_id).toBe('software-dev-python');
    expect([a!.discovery.languages, a!.discovery.totals]).toEqual([
      b!.discovery.languages,
      b!.discovery.totals,
    ]);
    const notRepo = await makeTempDir('uet-worker-');
    expect(await runUetProcess(['bootstrap', notRepo, '--json'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^uet: .*not a git repository/),
    });
  });
});
