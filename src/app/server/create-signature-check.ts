import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { VerifySignature } from './read-webhook.js';

const PREFIX = 'sha256=';

/**
 * The check of X-Hub-Signature-256: HMAC-SHA256 with the webhook secret over the body's raw bytes (what GitHub
 * signs), compared in constant time, as @octokit/webhooks' `verify` does over a string. On the bytes, the front
 * neither decodes the body nor encodes it again, and the key is prepared once, not per delivery.
 */
export function createSignatureCheck(secret: string): VerifySignature {
  if (secret === '') throw new TypeError('the webhook secret is empty');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (body, signature) => {
    const expected = Buffer.from(PREFIX + createHmac('sha256', key).update(body).digest('hex'), 'latin1');
    const given = Buffer.from(signature, 'latin1');
    return Promise.resolve(given.length === expected.length && timingSafeEqual(given, expected));
  };
}
