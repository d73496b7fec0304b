import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import uetApp from '../../src/app/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the app as a package', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs')], { cwd: root });
  }, 120_000);

  it('default-exports the Probot app function from src/app/index.ts', () => {
    expect(typeof uetApp).toBe('function');
  });

  it('loads as `uet/app` through package.json exports, from the built lib/', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', "import('uet/app').then((m) => process.stdout.write(typeof m.default))"],
      { cwd: root },
    ).toString();
    expect(out).toBe('function');
  });
});
