import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Probot } from 'probot';
import {
  createDeliveryInbox,
  parseDeliveryPayload,
  type Delivery,
  type DeliveryInbox,
  type InboxStats,
} from './delivery-inbox.js';
import { createInboxSpool } from './inbox-spool.js';
import { createSignatureCheck } from './create-signature-check.js';
import {
  DEFAULT_WEBHOOK_PATH,
  MAX_UNVERIFIED_BYTES,
  readWebhook,
  type UnverifiedBytes,
  type VerifySignature,
} from './read-webhook.js';

export const HEALTH_PATH = '/healthz';

export interface AppServerOptions {
  /** A Probot with the UET app loaded; or, with `receive`, only its log is used. */
  readonly probot: Probot;
  /** The webhook secret (WEBHOOK_SECRET): every delivery's X-Hub-Signature-256 is checked with it before its 202. */
  readonly secret: string;
  /** Where deliveries go instead of `probot.receive()` (the app in a worker thread: `startAppWorker`). */
  readonly receive?: (delivery: Delivery) => Promise<void>;
  /** 0 picks a free port (see `AppServer.port`). */
  readonly port: number;
  readonly host: string;
  /** The webhook path (default /api/github/webhooks, as Probot's). */
  readonly path?: string;
  /** A directory where queued deliveries are kept until handled, so that a restart resumes them. */
  readonly inboxDir?: string;
  /** Deliveries handled at once (default 10). */
  readonly concurrency?: number;
  readonly maxQueued?: number;
  /**
   * Bytes of webhook bodies held before their signature is checked, over all requests at once (default
   * MAX_UNVERIFIED_BYTES): past it, a body being read is refused with 503 (GitHub's "Redeliver" and the reconciler
   * recover a real one).
   */
  readonly maxUnverifiedBytes?: number;
}

export interface AppServer {
  readonly url: string;
  readonly port: number;
  readonly inbox: DeliveryInbox;
  /** Stops taking requests, drains the inbox for at most `timeoutMs` (default 10 s), and closes. */
  close(timeoutMs?: number): Promise<{ drained: boolean; pending: number }>;
}

/**
 * The app's HTTP front, in place of Probot's own server (which answers only once the handlers are done, while
 * GitHub gives up on a delivery after 10 s). A verified delivery is answered 202 at once and handled from the local
 * inbox. Also `GET /healthz`.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { probot } = options;
  const verify = createSignatureCheck(options.secret);
  const unverified: UnverifiedBytes = { used: 0, limit: options.maxUnverifiedBytes ?? MAX_UNVERIFIED_BYTES };
  await probot.ready();
  const log = probot.log;
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const spool = options.inboxDir !== undefined ? await createInboxSpool(options.inboxDir) : undefined;
  const inbox = createDeliveryInbox({
    receive:
      options.receive ??
      (async (d: Delivery) =>
        probot.receive({ id: d.id, name: d.name, payload: parseDeliveryPayload(d.body) } as Parameters<
          Probot['receive']
        >[0])),
    log: { error: (m) => log.error(m), warn: (m) => log.warn(m) },
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.maxQueued !== undefined ? { maxQueued: options.maxQueued } : {}),
    ...(spool ? { spool } : {}),
  });
  let closing = false;

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = pathOf(req.url);
    if (pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(res, closing ? 503 : 200, {
        status: closing ? 'draining' : 'ok',
        inbox: inbox.stats(),
        unverified_bytes: unverified.used,
      });
    }
    if (pathname !== path) return send(res, 404, { error: `not found: ${pathname}` });
    if (closing) return send(res, 503, { error: 'shutting down' }, { 'retry-after': '5' });
    const read = await readWebhook(req, verify, unverified);
    if (!read.ok) {
      log.warn(`uet: webhook refused (${read.status}): ${read.message}`);
      const extra: Record<string, string> =
        read.status === 405
          ? { allow: 'POST' }
          : read.status === 413
            ? { connection: 'close' }
            : read.status === 503
              ? { connection: 'close', 'retry-after': '5' }
              : {};
      return send(res, read.status, { error: read.message }, extra);
    }
    const { delivery, signature } = read;
    const offer = await inbox.offer(
      delivery,
      spool
        ? {
            id: delivery.id,
            name: delivery.name,
            body: delivery.body.toString('utf8'),
            signature,
            received_at: new Date().toISOString(),
          }
        : undefined,
    );
    if (offer === 'full') return send(res, 503, { error: 'inbox full' }, { 'retry-after': '5' });
    if (offer === 'closed') return send(res, 503, { error: 'shutting down' }, { 'retry-after': '5' });
    return send(res, 202, { delivery: delivery.id, status: offer });
  };
  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log.error(`uet: webhook request failed: ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (spool) await resumeSpool(spool, inbox, verify, log);
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    inbox,
    async close(timeoutMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const result = await inbox.drain(timeoutMs);
      server.closeAllConnections();
      await closed;
      return result;
    },
  };
}

/** Queues what an earlier process left in the spool, verified again as if it had just arrived. */
async function resumeSpool(
  spool: Awaited<ReturnType<typeof createInboxSpool>>,
  inbox: DeliveryInbox,
  verify: VerifySignature,
  log: Probot['log'],
): Promise<void> {
  const left = await spool.load((file, reason) => log.warn(`uet: inbox spool: dropped ${file}: ${reason}`));
  for (const s of left) {
    const body = Buffer.from(s.body, 'utf8');
    const valid = await verify(body, s.signature).catch(() => false);
    if (!valid) {
      log.warn(`uet: inbox spool: dropped delivery ${s.id}: its signature does not match WEBHOOK_SECRET`);
      await spool.remove(s.id);
      continue;
    }
    await inbox.offer({ id: s.id, name: s.name, body });
  }
  if (left.length > 0) log.info(`uet: inbox: resumed ${left.length} spooled deliveries`);
}

/** The path of a request target (`/a/b?x` → `/a/b`), without building a URL object per request. */
function pathOf(target: string | undefined): string {
  const t = target ?? '/';
  const end = t.search(/[?#]/);
  return end < 0 ? t : t.slice(0, end);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export { DEFAULT_WEBHOOK_PATH, type InboxStats };
