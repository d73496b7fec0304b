import type { IncomingMessage } from 'node:http';
import type { Delivery } from './delivery-inbox.js';

/** Probot's default webhook path. */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** HMAC-SHA256 of the raw body against X-Hub-Signature-256, constant-time compare (`probot.webhooks.verify`). */
export type VerifySignature = (body: Buffer, signature: string) => Promise<boolean>;

export type WebhookRead =
  { ok: true; delivery: Delivery; signature: string } | { ok: false; status: number; message: string };

const EVENT_NAME = /^[a-z_]{1,64}$/;
const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const refuse = (status: number, message: string): WebhookRead => ({ ok: false, status, message });

/**
 * Reads one webhook delivery from an HTTP request and checks it in this order: method, content type, the GitHub
 * headers, size, the signature over the raw body, then that the body is a JSON object (`{` … `}`). Nothing unsigned
 * is looked into, and every refusal says what was wrong. The JSON itself is parsed where the delivery is handled
 * (ADR 0025): a signed body that is not valid JSON (GitHub sends none) is acknowledged, then logged as failed.
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
  if (body.length === 0) return refuse(400, 'empty body');
  if (!(await verify(body, signature))) {
    return refuse(
      401,
      'X-Hub-Signature-256 does not match the body: check WEBHOOK_SECRET against the app settings',
    );
  }
  if (!isJsonObjectShaped(body)) return refuse(400, 'body must be a JSON object');
  return { ok: true, delivery: { id, name, body }, signature };
}

/** JSON whitespace: space, tab, line feed, carriage return. */
const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The body's first and last bytes other than whitespace are `{` and `}` (a JSON object, if it is JSON). */
function isJsonObjectShaped(body: Buffer): boolean {
  let start = 0;
  let end = body.length - 1;
  while (start <= end && isSpace(body[start]!)) start++;
  while (end > start && isSpace(body[end]!)) end--;
  return end > start && body[start] === 0x7b && body[end] === 0x7d;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The raw body, or undefined as soon as it passes MAX_BODY_BYTES: reading stops there (the caller answers 413 and
 * closes the connection), so an unauthenticated sender cannot make the server buffer or read on past the cap. The
 * bytes are copied into a buffer of their own (never a slice of Node's shared pool), which the worker hand-off can
 * transfer without a copy.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
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
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : concatOwned(chunks, size)));
    req.on('error', reject);
  });
}

function concatOwned(chunks: readonly Buffer[], size: number): Buffer {
  const body = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}
