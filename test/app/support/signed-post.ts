import { createHmac } from 'node:crypto';
import { assertWebhook } from '../../support/conformance/webhook-schema.js';

export const SECRET = 'test-secret';

export const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** When the answer arrived (performance.now()). */
  readonly at: number;
}

/** The body as JSON, when it is a JSON object (a payload); undefined for a body a test malformed on purpose. */
function payloadOf(body: string): unknown {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs a webhook delivery as GitHub does: JSON body, X-GitHub-Event/-Delivery, X-Hub-Signature-256. A body that
 * is a JSON object must be a payload GitHub could send (its event's webhook schema); bodies that are not JSON
 * objects test the server's refusals and go as they are.
 */
export async function postDelivery(
  url: string,
  o: { id: string; name: string; body: string; signature?: string | null; headers?: Record<string, string> },
): Promise<Answer> {
  const payload = payloadOf(o.body);
  if (payload !== undefined) assertWebhook(o.name, payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': o.name,
    'x-github-delivery': o.id,
    ...(o.signature === null ? {} : { 'x-hub-signature-256': o.signature ?? sign(o.body) }),
    ...o.headers,
  };
  const res = await fetch(url, { method: 'POST', headers, body: o.body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, at: performance.now() };
}
