import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnMain } from './support/spawn-main.js';
import { rawExamples } from '../fixtures/github/webhook-payloads.js';
import { postDelivery, SECRET } from './support/signed-post.js';

const pem = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

const good = { APP_ID: '123', WEBHOOK_SECRET: SECRET, PRIVATE_KEY: pem.replace(/\n/g, '\\n') };

describe('npm start (src/app/main.ts)', () => {
  it.each([
    [{}, /^uet: APP_ID is missing: set the GitHub App id in the environment or \.env/],
    [{ ...good, APP_ID: '12x' }, /^uet: APP_ID must be an integer from 1 to /],
    [{ ...good, WEBHOOK_SECRET: '' }, /^uet: WEBHOOK_SECRET is missing: /],
    [{ APP_ID: '1', WEBHOOK_SECRET: 's' }, /^uet: PRIVATE_KEY or PRIVATE_KEY_PATH is missing: /],
    [{ ...good, PRIVATE_KEY: 'not a key' }, /^uet: PRIVATE_KEY is not a PEM private key: /],
    [
      { APP_ID: '1', WEBHOOK_SECRET: 's', PRIVATE_KEY_PATH: 'missing.pem' },
      /^uet: PRIVATE_KEY_PATH: cannot read missing\.pem: ENOENT/,
    ],
    [{ ...good, PORT: '70000' }, /^uet: PORT must be an integer from 0 to 65535 \(got "70000"\)/],
    [{ ...good, GITHUB_API_URL: 'file:///etc' }, /^uet: GITHUB_API_URL must be an http\(s\) URL/],
    [
      { ...good, UET_RECONCILE_INTERVAL_MS: '-5' },
      /^uet: UET_RECONCILE_INTERVAL_MS must be an integer from 0/,
    ],
  ])('refuses bad settings with one line and exit 2 (%#)', async (env, message) => {
    const main = spawnMain(mkdtempSync(join(tmpdir(), 'uet-main-')), env);
    expect(await main.exited).toBe(2);
    expect(main.stderr()).toMatch(message);
    expect(main.stderr().trim().split('\n')).toHaveLength(1);
    expect(main.stderr()).not.toContain('    at ');
  });

  it('reads .env, serves webhooks and /healthz, and drains on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'uet-main-'));
    writeFileSync(join(cwd, 'app.pem'), pem);
    writeFileSync(
      join(cwd, '.env'),
      `APP_ID=4242\nPRIVATE_KEY_PATH=./app.pem\nWEBHOOK_SECRET=${SECRET}\nPORT=9\nWEBHOOK_PATH=/hooks\n`,
    );
    // The environment wins over .env: PORT=0 (a free port) on loopback, and no GitHub to reconcile against.
    const main = spawnMain(cwd, {
      PORT: '0',
      HOST: '127.0.0.1',
      UET_RECONCILE_INTERVAL_MS: '0',
      GITHUB_API_URL: 'http://127.0.0.1:9/',
    });
    const url = await main.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(main.stdout()).toContain('(webhooks at /hooks, GitHub API http://127.0.0.1:9)');
    const ping = JSON.stringify(rawExamples('ping')[0]);
    const answer = await postDelivery(`${url}/hooks`, { id: 'main-1', name: 'ping', body: ping });
    expect(answer).toMatchObject({ status: 202, body: { delivery: 'main-1', status: 'queued' } });
    const forged = await postDelivery(`${url}/hooks`, {
      id: 'main-2',
      name: 'ping',
      body: ping,
      signature: 'sha256=00',
    });
    expect(forged.status).toBe(401);
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      status: string;
      inbox: { accepted: number };
    };
    expect(health).toMatchObject({ status: 'ok', inbox: { accepted: 1 } });
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stdout()).toContain('uet: stopped on SIGTERM');
  }, 30_000);
});
