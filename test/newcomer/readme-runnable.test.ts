// Issue 18, done-when: README and docs match what the commands do. Every code block marked runnable (see
// runnable-blocks.ts for the markers) runs, in order, as a new user would run it: outside the clone with the uet
// installed from the packed tarball on PATH, or in the clone for blocks marked in-clone.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { installPackedUet, repoRoot } from './packed-uet.js';
import { buildBlocksScript, findRunnableBlocks } from './runnable-blocks.js';

afterAll(removeTempDirs);

/** The pages with runnable blocks, and how many each must have (a dropped marker must not go unnoticed). */
const PAGES: readonly (readonly [string, number])[] = [
  ['README.md', 5],
  ['docs/first-bundle.md', 10],
];

async function runPage(file: string): Promise<{ code: number; output: string }> {
  const { bin, prefix } = await installPackedUet();
  const blocks = findRunnableBlocks(readFileSync(join(repoRoot, file), 'utf8'), file);
  const root = await makeTempDir('uet-runnable-');
  mkdirSync(join(root, 'home'));
  const docRoot = join(root, 'page');
  mkdirSync(docRoot);
  const env = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: join(root, 'home'),
    TMPDIR: root,
    UET_DOC_ROOT: docRoot,
    GIT_AUTHOR_NAME: 'Reader',
    GIT_AUTHOR_EMAIL: 'reader@example.com',
    GIT_COMMITTER_NAME: 'Reader',
    GIT_COMMITTER_EMAIL: 'reader@example.com',
    npm_config_update_notifier: 'false',
    // Where `npm install -g` put uet: what `npm root -g` answers, as on the reader's machine.
    npm_config_prefix: prefix,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', buildBlocksScript(blocks, file, repoRoot)], { cwd: docRoot, env, maxBuffer: 32 << 20 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

describe('runnable code blocks of the README and the docs', () => {
  it.each(PAGES)('%s: every runnable block runs and exits 0', async (file, atLeast) => {
    expect(findRunnableBlocks(readFileSync(join(repoRoot, file), 'utf8'), file).length).toBeGreaterThanOrEqual(atLeast);
    const { code, output } = await runPage(file);
    expect(code, output).toBe(0);
  }, 600_000);

  it('the README installs uet as the test does: npm pack, then npm install -g of the tarball', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(readme).toMatch(/^npm pack\b/m);
    expect(readme).toMatch(new RegExp(`^npm install -g \\./uet-${version.replaceAll('.', '\\.')}\\.tgz\\b`, 'm'));
    // The package is not on a registry: no command may fetch "uet" from one.
    expect(readme).not.toMatch(/npx (-y |--yes )?uet@/);
    expect(readme).not.toMatch(/npm (i|install) (-g )?uet\b/);
  });

  it('markers are checked: an unknown marker or a marker without a block is an error', () => {
    expect(() => findRunnableBlocks('<!-- runnable: maybe -->\n```bash\nls\n```\n', 'x.md')).toThrow('x.md:1: unknown runnable marker');
    expect(() => findRunnableBlocks('<!-- runnable -->\ntext\n```bash\nls\n```\n', 'x.md')).toThrow('must come right before a fenced code block');
    expect(findRunnableBlocks('<!-- runnable: in-clone -->\n```bash\nnpm ci && npx uet --version\n```\n', 'x.md')).toEqual([
      { kind: 'in-clone', line: 2, code: 'npx uet --version' },
    ]);
  });
});
