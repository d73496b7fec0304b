import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { createUetApp, type UetAppOptions } from '../../../src/app/create-uet-app.js';

export const WEBHOOK_SECRET = 'e2e-webhook-secret';
export const WEBHOOK_PATH = '/api/github/webhooks';

let key: string | undefined;
/** The app's private key, for its JWTs: generated once per test process. */
export const appPrivateKey = () =>
  (key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey);

export interface AppServer {
  readonly url: string;
  readonly probot: Probot;
  /** Deliveries whose handlers are still running (Probot answers 202 after 9 s and carries on). */
  busy(): number;
  close(): Promise<void>;
}

/** A Bottleneck group that spaces nothing (the throttling plugin calls `key(id).schedule(options, fn, ...args)`). */
const unspaced = {
  key: () => ({
    schedule: (_o: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(fn(...args)),
  }),
};

/**
 * Probot's octokit with its retry and throttling plugins on, as in production, but fast: octokit-retry waits 20 ms
 * per step instead of 1 s, a secondary rate limit's `retry-after` second counts 50 ms and is retried (Probot's own
 * default only logs it), and writes are not spaced 1 s (3 s for those that notify) apart.
 */
export const fastOctokit = () =>
  ProbotOctokit.defaults((o: { throttle?: object }) => ({
    ...o,
    retry: { retryAfterBaseValue: 20 },
    throttle: {
      ...o.throttle,
      enabled: true,
      retryAfterBaseValue: 50,
      fallbackSecondaryRateRetryAfter: 1,
      write: unspaced,
      notifications: unspaced,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 5,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 5,
    },
  }));

/**
 * The real Probot server in this process: a Probot on the simulated GitHub's API (`baseUrl`), the UET app loaded with
 * createNodeMiddleware, listening on a loopback port. Probot verifies every delivery's signature before any handler,
 * and answers once the handlers are done.
 */
export async function startAppServer(api: string, options: UetAppOptions = {}): Promise<AppServer> {
  const probot = new Probot({
    appId: 777,
    privateKey: appPrivateKey(),
    secret: WEBHOOK_SECRET,
    baseUrl: api,
    logLevel: 'fatal',
    Octokit: fastOctokit(),
  });
  const middleware = await createNodeMiddleware(
    createUetApp({ appId: 777, reconcileIntervalMs: 0, wakeTimers: false, ...options }),
    { probot, webhooksPath: WEBHOOK_PATH },
  );
  // Count handlers at work: on a loaded machine a delivery is answered 202 "still processing" while they run on.
  let busy = 0;
  const receive = probot.webhooks.verifyAndReceive.bind(probot.webhooks);
  probot.webhooks.verifyAndReceive = async (event) => {
    busy += 1;
    try {
      return await receive(event);
    } finally {
      busy -= 1;
    }
  };
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    probot,
    busy: () => busy,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
