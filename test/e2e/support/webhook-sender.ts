import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { validateWebhook } from '../../support/conformance/webhook-schema.js';

export interface Delivery {
  readonly id: string;
  readonly name: string;
  readonly status: number;
  readonly ms: number;
}

export interface WebhookSender {
  /** Where deliveries go (the app's webhook URL); changed when the app restarts on another port. */
  url: string;
  /** Signs `payload` with the secret and POSTs it as GitHub does; resolves when the app answers. */
  send(name: string, payload: unknown, id?: string): Promise<Delivery>;
  readonly deliveries: Delivery[];
  /** Deliveries sent and not answered yet. */
  inFlight(): number;
}

export const signBody = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * GitHub's side of webhooks: the JSON payload, `X-GitHub-Event`, `X-GitHub-Delivery` and the HMAC-SHA256 signature
 * `X-Hub-Signature-256`, POSTed over loopback. A delivery the app does not answer (a crash) counts as status 0.
 * A payload GitHub could not send (it fails @octokit/openapi-webhooks' schema of its event and action) is not
 * delivered: `send` rejects, and the problems go to `violations` (the simulated GitHub's, which every scenario
 * asserts empty).
 */
export function createWebhookSender(url: string, secret: string, violations: string[] = []): WebhookSender {
  const deliveries: Delivery[] = [];
  let pending = 0;
  const sender: WebhookSender = {
    url,
    deliveries,
    inFlight: () => pending,
    send(name, payload, id = randomUUID()) {
      const problems = validateWebhook(name, payload);
      if (problems.length) {
        violations.push(...problems.map((p) => `webhook payload: ${p}`));
        return Promise.reject(
          new Error(`a ${name} payload GitHub's webhook schema rejects:\n  ${problems.slice(0, 12).join('\n  ')}`),
        );
      }
      const body = JSON.stringify(payload);
      const started = performance.now();
      pending += 1;
      return new Promise<Delivery>((resolve) => {
        let answered = false;
        const done = (status: number) => {
          if (answered) return;
          answered = true;
          pending -= 1;
          const d = { id, name, status, ms: performance.now() - started };
          deliveries.push(d);
          resolve(d);
        };
        const req = request(
          sender.url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'GitHub-Hookshot/sim',
              'x-github-event': name,
              'x-github-delivery': id,
              'x-github-hook-id': '1',
              'x-github-hook-installation-target-type': 'integration',
              'x-hub-signature-256': signBody(secret, body),
            },
            timeout: 10_000,
          },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode ?? 0));
            res.on('error', () => done(0));
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', () => done(0));
        req.end(body);
      });
    },
  };
  return sender;
}
