import type { IncomingMessage } from 'node:http';
import type { Delivery } from './delivery-inbox.js';

/** Probot's default webhook path. */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * The bytes of bodies read and not yet verified, over all the requests of one server at once (`limit`: at least one
 * body at the cap). Each body is under MAX_BODY_BYTES, but an unauthenticated sender can open many connections: this
 * bounds what they make the server hold before any signature is checked.
 */
export interface UnverifiedBytes {
  used: number;
  readonly limit: number;
}

/** The default limit of UnverifiedBytes: two bodies at the cap. */
export const MAX_UNVERIFIED_BYTES = 2 * MAX_BODY_BYTES;

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
export async function readWebhook(
  req: IncomingMessage,
  verify: VerifySignature,
  unverified: UnverifiedBytes = { used: 0, limit: Infinity },
): Promise<WebhookRead> {
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
  const held = { bytes: 0 };
  let body: Buffer | 'over' | 'busy' | 'aborted';
  try {
    body = await readBody(req, unverified, held);
    if (body === 'over') return refuse(413, `body exceeds ${MAX_BODY_BYTES} bytes`);
    if (body === 'busy') return refuse(503, 'too many webhook bodies are being received at once: try again later');
    if (body === 'aborted') return refuse(400, 'the request ended before its body');
    if (body.length === 0) return refuse(400, 'empty body');
    if (!(await verify(body, signature))) {
      return refuse(
        401,
        'X-Hub-Signature-256 does not match the body: check WEBHOOK_SECRET against the app settings',
      );
    }
  } finally {
    unverified.used -= held.bytes;
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
 * The raw body, or 'over' as soon as it passes MAX_BODY_BYTES, or 'busy' as soon as it would take the bodies being
 * read past `unverified.limit`: reading stops there (the caller answers 413 or 503 and closes the connection), so
 * unauthenticated senders cannot make the server buffer or read on past the caps. What it holds is counted in
 * `unverified` and `held` (the caller gives it back). The bytes are copied into a buffer of their own (never a slice
 * of Node's shared pool), which the worker hand-off can transfer without a copy.
 */
function readBody(
  req: IncomingMessage,
  unverified: UnverifiedBytes,
  held: { bytes: number },
): Promise<Buffer | 'over' | 'busy' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (why: 'over' | 'busy') => {
      req.off('data', onData);
      req.pause();
      resolve(why);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return stop('over');
      if (unverified.used + chunk.length > unverified.limit) return stop('busy');
      unverified.used += chunk.length;
      held.bytes += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(concatOwned(chunks, size)));
    // A sender that goes away mid-body: what it sent is given back at once.
    req.on('close', () => resolve('aborted'));
    req.on('error', reject);
  });
}

function concatOwned(chunks: readonly Buffer[], size: number): Buffer {
  const body = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}
