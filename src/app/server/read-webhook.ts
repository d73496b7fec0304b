import type { IncomingMessage } from 'node:http';
import type { Delivery } from './delivery-inbox.js';
import type { SpooledDelivery } from './inbox-spool.js';

/** Probot's default webhook path. */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** `verify(body, signature)` of @octokit/webhooks (`probot.webhooks.verify`): HMAC-SHA256, constant-time compare. */
export type VerifySignature = (body: string, signature: string) => Promise<boolean>;

export type WebhookRead =
  { ok: true; delivery: Delivery; spooled: SpooledDelivery } | { ok: false; status: number; message: string };

const EVENT_NAME = /^[a-z_]{1,64}$/;
const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const refuse = (status: number, message: string): WebhookRead => ({ ok: false, status, message });

/**
 * Reads one webhook delivery from an HTTP request and checks it in this order: method, content type, the GitHub
 * headers, size, the signature over the raw body, then the JSON. Nothing unsigned is parsed, and every refusal
 * says what was wrong.
 */
export async function readWebhook(req: IncomingMessage, verify: VerifySignature): Promise<WebhookRead> {
  if (req.method !== 'POST') return refuse(405, `${req.method ?? '?'} is not allowed: deliveries are POSTed`);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return refuse(
      415,
      `content-type must be application/json (got ${JSON.stringify(type)}): set the app's webhook content type to JSON`,
    );
  }
  const name = header(req, 'x-github-event');
  if (!name || !EVENT_NAME.test(name)) return refuse(400, 'missing or malformed X-GitHub-Event header');
  const id = header(req, 'x-github-delivery');
  if (!id || !DELIVERY_ID.test(id)) return refuse(400, 'missing or malformed X-GitHub-Delivery header');
  const signature = header(req, 'x-hub-signature-256');
  if (!signature)
    return refuse(401, 'missing X-Hub-Signature-256 header: is a webhook secret set on the app?');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return refuse(413, `body of ${declared} bytes exceeds ${MAX_BODY_BYTES}`);
  const body = await readBody(req);
  if (body === undefined) return refuse(413, `body exceeds ${MAX_BODY_BYTES} bytes`);
  if (body === '') return refuse(400, 'empty body');
  if (!(await verify(body, signature))) {
    return refuse(
      401,
      'X-Hub-Signature-256 does not match the body: check WEBHOOK_SECRET against the app settings',
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    return refuse(400, `body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return refuse(400, 'body must be a JSON object');
  }
  return {
    ok: true,
    delivery: { id, name, payload, body },
    spooled: { id, name, body, signature, received_at: new Date().toISOString() },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The body as UTF-8, or undefined as soon as it passes MAX_BODY_BYTES: reading stops there (the caller answers 413
 * and closes the connection), so an unauthenticated sender cannot make the server buffer or read on past the cap.
 */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
