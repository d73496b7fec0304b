import { afterEach, describe, expect, it } from 'vitest';
import { Probot, type ApplicationFunction } from 'probot';
import { startAppServer, type AppServer } from '../../src/app/server/start-app-server.js';
import { EXAMPLE_REPO, issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { postDelivery, SECRET, sign } from './support/signed-post.js';
import { testPrivateKey } from './support/test-private-key.js';

const privateKey = testPrivateKey();

const body = (n: number) =>
  JSON.stringify(issueCommentCreated(EXAMPLE_REPO, { body: '/uet status', issue: 7, pr: true, commentId: n, sender: 'wendy' }));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: AppServer | undefined;
afterEach(async () => {
  await server?.close(1_000);
  server = undefined;
});

/** A real Probot with `app` loaded, behind the fast-ack server on a free loopback port. */
async function serve(app: ApplicationFunction, extra: { concurrency?: number; inboxDir?: string } = {}) {
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
  await probot.load(app);
  server = await startAppServer({ probot, secret: SECRET, port: 0, host: '127.0.0.1', ...extra });
  return { server, hook: `${server.url}/api/github/webhooks` };
}

describe('the app server: fast acknowledgement from a local inbox', () => {
  it('answers 202 while the handler is still running, then the handler runs to the end', async () => {
    const finished: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { hook } = await serve((app) => {
      app.on('issue_comment.created', async (context) => {
        await gate; // the handler cannot finish before the test lets it
        finished.push(context.payload.comment.id);
      });
    });
    const answer = await postDelivery(hook, { id: 'd-1', name: 'issue_comment', body: body(1) });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ delivery: 'd-1', status: 'queued' });
    expect(finished).toEqual([]);
    release();
    expect(await server!.close(5_000)).toEqual({ drained: true, pending: 0 });
    expect(finished).toEqual([1]);
  });

  it('refuses a bad signature with 401, and the handler never sees the delivery', async () => {
    const seen: string[] = [];
    const { hook } = await serve((app) => app.onAny((event) => void seen.push(event.id)));
    const forged = await postDelivery(hook, {
      id: 'd-2',
      name: 'issue_comment',
      body: body(2),
      signature: sign(body(2), 'wrong'),
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatch(/X-Hub-Signature-256 does not match the body/);
    const unsigned = await postDelivery(hook, {
      id: 'd-3',
      name: 'issue_comment',
      body: body(3),
      signature: null,
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatch(/missing X-Hub-Signature-256/);
    // The same body with its signature, but tampered with after signing.
    const tampered = await postDelivery(hook, {
      id: 'd-4',
      name: 'issue_comment',
      body: body(5),
      signature: sign(body(4)),
    });
    expect(tampered.status).toBe(401);
    await server!.close(1_000);
    expect(seen).toEqual([]);
    expect(server!.inbox.stats().accepted).toBe(0);
  });

  it('refuses bad requests with a clear reason: JSON, headers, content type, method, path', async () => {
    const { hook, server: s } = await serve(() => {});
    const broken = '{"action": "created",';
    const bad = await postDelivery(hook, {
      id: 'd-5',
      name: 'issue_comment',
      body: broken,
      signature: sign(broken),
    });
    expect(bad).toMatchObject({ status: 400, body: { error: 'body must be a JSON object' } });
    const array = await postDelivery(hook, {
      id: 'd-6',
      name: 'issue_comment',
      body: '[1]',
      signature: sign('[1]'),
    });
    expect(array).toMatchObject({ status: 400, body: { error: 'body must be a JSON object' } });
    const noId = await postDelivery(hook, { id: '', name: 'issue_comment', body: body(6) });
    expect(noId).toMatchObject({
      status: 400,
      body: { error: 'missing or malformed X-GitHub-Delivery header' },
    });
    const pathId = await postDelivery(hook, { id: '../../etc', name: 'issue_comment', body: body(6) });
    expect(pathId.status).toBe(400);
    const form = await postDelivery(hook, {
      id: 'd-7',
      name: 'issue_comment',
      body: body(7),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error).toMatch(/set the app's webhook content type to JSON/);
    expect((await fetch(hook)).status).toBe(405);
    expect((await fetch(`${s.url}/elsewhere`, { method: 'POST' })).status).toBe(404);
    expect(s.inbox.stats().accepted).toBe(0);
  });

  it('parses the JSON where the delivery is handled: a signed body shaped as an object but not JSON is acknowledged, then failed', async () => {
    const seen: string[] = [];
    const { hook, server: s } = await serve((app) => app.onAny((event) => void seen.push(event.id)));
    const broken = ' {"action": } \n';
    const answer = await postDelivery(hook, { id: 'd-json', name: 'issue_comment', body: broken, signature: sign(broken) });
    expect(answer.status).toBe(202);
    await s.close(1_000);
    expect(s.inbox.stats()).toMatchObject({ accepted: 1, processed: 0, failed: 1 });
    expect(seen).toEqual([]);
  });

  it('processes a delivery id once, however often it arrives', async () => {
    const handled: string[] = [];
    const { hook } = await serve((app) =>
      app.on('issue_comment.created', (c) => {
        handled.push(c.id);
        return Promise.resolve();
      }),
    );
    const answers = await Promise.all(
      [1, 2, 3].map(() => postDelivery(hook, { id: 'same-delivery', name: 'issue_comment', body: body(8) })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.map((a) => a.body.status).sort()).toEqual(['duplicate', 'duplicate', 'queued']);
    await wait(50);
    const later = await postDelivery(hook, { id: 'same-delivery', name: 'issue_comment', body: body(8) });
    expect(later.body.status).toBe('duplicate');
    await server!.close(1_000);
    expect(handled).toEqual(['same-delivery']);
    expect(server!.inbox.stats()).toMatchObject({ accepted: 1, duplicates: 3, processed: 1 });
  });

  it('logs a failing handler without crashing, keeps serving, and lets a redelivery of it run again', async () => {
    let calls = 0;
    const { hook, server: s } = await serve((app) =>
      app.on('issue_comment.created', async () => {
        calls++;
        await wait(10);
        if (calls === 1) throw new Error('GitHub said 502');
      }),
    );
    expect((await postDelivery(hook, { id: 'd-9', name: 'issue_comment', body: body(9) })).status).toBe(202);
    await wait(100);
    expect(s.inbox.stats()).toMatchObject({ failed: 1, processed: 0 });
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', inbox: { failed: 1, queued: 0, running: 0 } });
    // GitHub's "Redeliver" keeps the delivery id: after a failure it is processed again.
    expect((await postDelivery(hook, { id: 'd-9', name: 'issue_comment', body: body(9) })).body.status).toBe(
      'queued',
    );
    await s.close(1_000);
    expect(calls).toBe(2);
    expect(s.inbox.stats()).toMatchObject({ failed: 1, processed: 1 });
  });

  it('on shutdown stops taking deliveries and drains the inbox within the bounded concurrency', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    const { hook, server: s } = await serve(
      (app) =>
        app.on('issue_comment.created', async () => {
          peak = Math.max(peak, ++running);
          await wait(100);
          running--;
          done++;
        }),
      { concurrency: 3 },
    );
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        postDelivery(hook, { id: `drain-${i}`, name: 'issue_comment', body: body(i) }),
      ),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(done).toBeLessThan(9);
    const closing = s.close(5_000);
    // No new connection is taken; a request on a connection still open is told the server is draining.
    const during = await fetch(`${s.url}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(during);
    expect(await closing).toEqual({ drained: true, pending: 0 });
    expect(done).toBe(9);
    expect(peak).toBe(3);
  });

  it('gives up draining after the timeout and reports what was left', async () => {
    const { hook, server: s } = await serve((app) => app.on('issue_comment.created', () => wait(2_000)), {
      concurrency: 1,
    });
    await postDelivery(hook, { id: 'slow-1', name: 'issue_comment', body: body(1) });
    await postDelivery(hook, { id: 'slow-2', name: 'issue_comment', body: body(2) });
    const started = performance.now();
    expect(await s.close(200)).toEqual({ drained: false, pending: 2 });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
