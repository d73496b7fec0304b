import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { startAppServer, type AppServer } from '../../src/app/server/start-app-server.js';
import { MAX_BODY_BYTES } from '../../src/app/server/read-webhook.js';
import { EXAMPLE_REPO, issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { postDelivery, SECRET } from './support/signed-post.js';
import { testPrivateKey } from './support/test-private-key.js';

const privateKey = testPrivateKey();

let server: AppServer | undefined;
afterEach(async () => {
  await server?.close(1_000);
  server = undefined;
});

describe('the app server: an unauthenticated body past the cap', () => {
  it('stops reading, answers 413 and closes the connection, before the sender is done', async () => {
    const seen: string[] = [];
    const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
    await probot.load((app) => app.onAny((event) => void seen.push(event.id)));
    server = await startAppServer({ probot, secret: SECRET, port: 0, host: '127.0.0.1' });
    const url = new URL(`${server.url}/api/github/webhooks`);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const limit = 4 * MAX_BODY_BYTES; // the client would go on to 100 MB if the server kept reading
    let sent = 0;
    // Either the client reads the 413 (with `connection: close`) or, as the server closes while it is still writing,
    // its next write fails: both mean the server stopped reading at the cap.
    const answer = await new Promise<{ status: number; connection?: string | undefined; error?: string }>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'issue_comment',
            'x-github-delivery': 'big-1',
            'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
            'transfer-encoding': 'chunked', // no content-length: the cap must hold while reading
          },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, error: error.code ?? error.message }));
      const pump = () => {
        while (sent < limit) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    if (answer.status === 0) expect(['EPIPE', 'ECONNRESET']).toContain(answer.error);
    else expect(answer).toEqual({ status: 413, connection: 'close' });
    expect(sent).toBeLessThan(limit);
    expect(seen).toEqual([]);
  });
});

/** An unsigned body sent slowly: `bytes` of it, then the sender holds the connection open. */
function holdOpen(url: URL, id: string, bytes: number) {
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issue_comment',
      'x-github-delivery': id,
      'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      'transfer-encoding': 'chunked',
    },
  });
  const answer = new Promise<{ status: number; error?: string }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, error: error.code ?? error.message }));
  });
  req.write(Buffer.alloc(bytes, 0x20));
  return { req, answer };
}

const unverified = async (s: AppServer) =>
  ((await (await fetch(`${s.url}/healthz`)).json()) as { unverified_bytes: number }).unverified_bytes;

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('attack: many unsigned senders at once, each under the per-body cap', () => {
  it('hold no more unverified bytes together than the server allows: the next one gets 503 before it is done; signed deliveries still pass', async () => {
    const seen: string[] = [];
    const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
    await probot.load((app) => app.onAny((event) => void seen.push(event.id)));
    const limit = 1024 * 1024;
    server = await startAppServer({ probot, secret: SECRET, port: 0, host: '127.0.0.1', maxUnverifiedBytes: limit });
    const s = server;
    const url = new URL(`${s.url}/api/github/webhooks`);
    // One slow sender holds 900 KB of an unsigned body; its end never comes.
    const first = holdOpen(url, 'slow-1', 900 * 1024);
    await until(async () => (await unverified(s)) >= 900 * 1024);
    expect(await unverified(s)).toBeGreaterThanOrEqual(900 * 1024);
    // A second one would take the server past its limit: refused while reading, not buffered to its end.
    const second = holdOpen(url, 'slow-2', 300 * 1024);
    const refused = await second.answer;
    if (refused.status === 0) expect(['EPIPE', 'ECONNRESET']).toContain(refused.error);
    else expect(refused.status).toBe(503);
    second.req.destroy();
    // A small signed delivery still fits beside the slow sender.
    const ok = JSON.stringify(issueCommentCreated(EXAMPLE_REPO, { body: '/uet run', issue: 7, pr: true, commentId: 1, sender: 'wendy' }));
    expect((await postDelivery(`${url.href}`, { id: 'real-1', name: 'issue_comment', body: ok })).status).toBe(202);
    // The slow sender gives up: its bytes are given back.
    first.req.destroy();
    await until(async () => (await unverified(s)) === 0);
    expect(await unverified(s)).toBe(0);
    expect(seen).toEqual(['real-1']);
  });
});
