import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Probot, type ApplicationFunction } from 'probot';
import { createInboxSpool } from '../../src/app/server/inbox-spool.js';
import { startAppServer } from '../../src/app/server/start-app-server.js';
import { EXAMPLE_REPO, issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { postDelivery, SECRET, sign } from './support/signed-post.js';
import { testPrivateKey } from './support/test-private-key.js';

const privateKey = testPrivateKey();

const body = (n: number) =>
  JSON.stringify(issueCommentCreated(EXAMPLE_REPO, { body: '/uet status', issue: 7, pr: true, commentId: n, sender: 'wendy' }));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(app: ApplicationFunction, inboxDir: string) {
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' });
  await probot.load(app);
  return startAppServer({ probot, secret: SECRET, port: 0, host: '127.0.0.1', inboxDir, concurrency: 1 });
}

describe('the optional inbox spool (UET_INBOX_DIR)', () => {
  it('keeps queued deliveries on disk until handled, and a restart resumes them, verified again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uet-inbox-'));
    const first: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = await serve(
      (app) =>
        app.on('issue_comment.created', async (c) => {
          await gate; // the first delivery is still being handled when the process stops
          first.push(c.payload.comment.id);
        }),
      dir,
    );
    for (const n of [1, 2, 3]) {
      const answer = await postDelivery(`${a.url}/api/github/webhooks`, {
        id: `spool-${n}`,
        name: 'issue_comment',
        body: body(n),
      });
      expect(answer.status).toBe(202);
    }
    expect(readdirSync(dir).sort()).toEqual(['spool-1.json', 'spool-2.json', 'spool-3.json']);
    expect(statSync(join(dir, 'spool-1.json')).mode & 0o777).toBe(0o600);
    // The process stops before the queue is done: what did not finish stays spooled.
    expect(await a.close(100)).toEqual({ drained: false, pending: 3 });
    release();
    await wait(400);
    expect(first).toEqual([1]);
    expect(readdirSync(dir).sort()).toEqual(['spool-2.json', 'spool-3.json']);

    // A forged file in the spool is dropped, not handled.
    const forged = body(99);
    writeFileSync(
      join(dir, 'evil.json'),
      JSON.stringify({
        id: 'evil',
        name: 'issue_comment',
        body: forged,
        signature: sign(forged, 'guess'),
        received_at: '2000-01-01T00:00:00Z',
      }),
    );
    writeFileSync(join(dir, 'junk.json'), '{ not json');
    const second: number[] = [];
    const b = await serve(
      (app) =>
        app.on('issue_comment.created', (c) => {
          second.push(c.payload.comment.id);
          return Promise.resolve();
        }),
      dir,
    );
    expect(await b.close(2_000)).toEqual({ drained: true, pending: 0 });
    expect(second).toEqual([2, 3]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never writes a delivery through a link planted at its temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uet-inbox-'));
    const victim = join(mkdtempSync(join(tmpdir(), 'uet-victim-')), 'config');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(dir, `d1.json.tmp-${process.pid}`));
    const spool = await createInboxSpool(dir);
    await spool.save({
      id: 'd1',
      name: 'issue_comment',
      body: body(1),
      signature: 'sha256=x',
      received_at: '2026-01-01T00:00:00Z',
    });
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(statSync(join(dir, 'd1.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'd1.json'), 'utf8'))).toMatchObject({ id: 'd1' });
  });
});
