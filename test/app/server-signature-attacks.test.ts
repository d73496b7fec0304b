import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import type { Delivery } from '../../src/app/server/delivery-inbox.js';
import { startAppServer, type AppServer } from '../../src/app/server/start-app-server.js';
import { EXAMPLE_REPO, issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { postDelivery, SECRET, sign } from './support/signed-post.js';
import { testPrivateKey } from './support/test-private-key.js';

const privateKey = testPrivateKey();
const body = (n: number) =>
  JSON.stringify(
    issueCommentCreated(EXAMPLE_REPO, {
      body: '/uet run',
      issue: 7,
      pr: true,
      commentId: n,
      sender: 'wendy',
    }),
  );

let server: AppServer | undefined;
afterEach(async () => {
  await server?.close(1_000);
  server = undefined;
});

/** The front as `npm start` runs it with the app in a worker thread: every delivery it queues is handed to `receive`. */
async function front() {
  const handedOff: Delivery[] = [];
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
  server = await startAppServer({
    probot,
    secret: SECRET,
    receive: (d) => {
      handedOff.push(d);
      return Promise.resolve();
    },
    port: 0,
    host: '127.0.0.1',
  });
  return { server, hook: `${server.url}/api/github/webhooks`, handedOff };
}

describe('attack: deliveries the front must not acknowledge or hand to the app', () => {
  it('a forged, unsigned, re-signed or tampered delivery gets no 202 and reaches neither the inbox nor the worker', async () => {
    const { server: s, hook, handedOff } = await front();
    const b = body(1);
    const hmac = createHmac('sha256', SECRET).update(b).digest('hex');
    const attempts: [string, string | null, string?][] = [
      ['no signature', null],
      ['signed with another secret', sign(b, 'guessed-secret')],
      ['the signature of another delivery', sign(body(2))],
      ['one byte of the body changed after signing', sign(b), b.replace('/uet run', '/uet ruN')],
      ['a truncated signature', `sha256=${hmac.slice(0, 40)}`],
      ['the signature with trailing bytes', `sha256=${hmac}00`],
      ['the HMAC in upper case', `sha256=${hmac.toUpperCase()}`],
      ['the algorithm prefix missing', hmac],
      ['a SHA-1 prefix', `sha1=${hmac}`],
      ['an empty HMAC', 'sha256='],
    ];
    for (const [attack, signature, sent] of attempts) {
      const answer = await postDelivery(hook, {
        id: `d-${attack.replace(/\W+/g, '-')}`,
        name: 'issue_comment',
        body: sent ?? b,
        signature,
      });
      expect(answer.status, attack).toBe(401);
    }
    expect(s.inbox.stats()).toMatchObject({ accepted: 0, queued: 0, running: 0 });
    expect(handedOff).toEqual([]);
    // The control: the same delivery, signed, is acknowledged and handed over byte for byte.
    const ok = await postDelivery(hook, { id: 'd-signed', name: 'issue_comment', body: b });
    expect(ok.status).toBe(202);
    await s.close(1_000);
    expect(handedOff.map((d) => [d.id, Buffer.from(d.body).toString('utf8')])).toEqual([['d-signed', b]]);
  });

  it('a body sent in many small TCP segments is checked over all of its bytes', async () => {
    const { server: s, hook, handedOff } = await front();
    const url = new URL(hook);
    const b = Buffer.from(body(3));
    const tampered = Buffer.from(b);
    tampered[tampered.length - 2] = 0x20; // the last byte inside the object, after the first segments went out
    const post = (payload: Buffer, signature: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname);
        let answer = '';
        socket.on('data', (d: Buffer) => {
          answer += d.toString('latin1');
          if (answer.includes('\r\n\r\n')) {
            resolve(Number(answer.slice(9, 12)));
            socket.destroy();
          }
        });
        socket.on('error', reject);
        socket.write(
          `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${payload.length}\r\nX-GitHub-Event: issue_comment\r\nX-GitHub-Delivery: d-seg-${signature.slice(-6)}\r\n` +
            `X-Hub-Signature-256: ${signature}\r\n\r\n`,
        );
        let at = 0;
        const next = () => {
          if (at >= payload.length) return;
          socket.write(payload.subarray(at, (at += 997)));
          setTimeout(next, 1);
        };
        next();
      });
    expect(await post(tampered, sign(b.toString('utf8')))).toBe(401);
    expect(await post(b, sign(b.toString('utf8')))).toBe(202);
    await s.close(1_000);
    expect(handedOff.map((d) => Buffer.from(d.body).equals(b))).toEqual([true]);
  });

  it('refuses to start without a webhook secret', async () => {
    const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
    await expect(startAppServer({ probot, secret: '', port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /the webhook secret is empty/,
    );
  });
});
