// `npm ci` on the supported Node (20.19+) must not warn EBADENGINE: a newcomer reads the warning as "this does not
// run on my Node". The check is npm's own (`npm ci --dry-run` resolves the lockfile and checks every package's
// engines), not a re-implementation of it.
import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';

const root = resolve(import.meta.dirname, '../..');
afterAll(removeTempDirs);

describe('npm ci on Node 20', () => {
  it('prints no EBADENGINE warning for any package of the lockfile', async () => {
    const dir = await makeTempDir('uet-npm-ci-');
    for (const f of ['package.json', 'package-lock.json']) await copyFile(join(root, f), join(dir, f));
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['ci', '--dry-run', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: dir, env: { ...process.env, npm_config_loglevel: 'warn' } },
    );
    expect(`${stdout}${stderr}`).toMatch(/added \d+ packages/);
    expect(`${stdout}${stderr}`).not.toContain('EBADENGINE');
  }, 120_000);

  it('the content-type override still parses what @octokit/request reads: JSON, text and binary bodies', async () => {
    // @octokit/request 10.0.16 asks for content-type ^3 (engines: node >=22); the override pins 2.1.0, whose parse()
    // is the one @octokit/request 10.0.10-10.0.14 used. A request against a local server proves the pair works.
    const bodies: Record<string, [string, string]> = {
      '/json': ['application/json; charset=utf-8', '{"ok":true}'],
      '/text': ['TEXT/Plain ; Charset="UTF-8"', 'hello'],
      '/bin': ['application/octet-stream; charset=utf-8', 'raw'],
    };
    const server = createServer((req, res) => {
      const [type, body] = bodies[req.url ?? ''] ?? ['text/plain', 'missing'];
      res.writeHead(200, { 'content-type': type }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { request } = await import('@octokit/request');
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await request('GET /json', { baseUrl })).data).toEqual({ ok: true });
      expect((await request('GET /text', { baseUrl })).data).toBe('hello');
      expect((await request('GET /bin', { baseUrl })).data).toBeInstanceOf(ArrayBuffer);
    } finally {
      server.close();
    }
  });
});
