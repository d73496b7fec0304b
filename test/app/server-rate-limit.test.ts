import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppProbot } from '../../src/app/server/create-app-probot.js';
import type { AppSettings } from '../../src/app/server/read-app-settings.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A GitHub stand-in that answers `GET /app` with a secondary rate limit `failures` times, then 200. */
async function standIn(failures: number): Promise<{ server: Server; url: string; hits: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    res.setHeader('content-type', 'application/json');
    if (count <= failures) {
      res.writeHead(403, { 'retry-after': '1' });
      res.end(JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' }));
      return;
    }
    res.writeHead(200);
    res.end(JSON.stringify({ id: 1, slug: 'uet', name: 'UET' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, hits: () => count };
}

function settings(baseUrl: string): AppSettings {
  return {
    appId: 1,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    secret: 's',
    port: 0,
    host: '127.0.0.1',
    webhookPath: '/',
    baseUrl,
    logLevel: 'fatal',
    logFormat: 'json',
    concurrency: 1,
    shutdownTimeoutMs: 1000,
    githubThrottle: true,
    appWorker: false,
  };
}

describe('the production Probot of npm start', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('retries a secondary rate limit after retry-after (1 s each)', async () => {
    const gh = await standIn(2);
    server = gh.server;
    const octokit = await (await createAppProbot(settings(gh.url))).auth();
    const { data } = await octokit.request('GET /app');
    expect(data).toMatchObject({ slug: 'uet' });
    expect(gh.hits()).toBe(3);
  });

  it('gives up after three retries instead of looping', async () => {
    const gh = await standIn(100);
    server = gh.server;
    const octokit = await (await createAppProbot(settings(gh.url))).auth();
    await expect(octokit.request('GET /app')).rejects.toMatchObject({ status: 403 });
    expect(gh.hits()).toBe(4);
  });
});
