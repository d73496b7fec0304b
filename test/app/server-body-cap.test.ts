import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { startAppServer, type AppServer } from '../../src/app/server/start-app-server.js';
import { MAX_BODY_BYTES } from '../../src/app/server/read-webhook.js';
import { SECRET } from './support/signed-post.js';
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
