// The UET app as its own process, for the crash scenario (kill -9, restart): a Probot on the simulated GitHub with
// the fast-but-real retry and throttling of app-process.ts, behind the app's fast-acknowledging HTTP front and its
// disk inbox (src/app/server). It is src/app/main.ts minus the settings file and Probot's 1 s write spacing.
// Environment: UET_E2E_API, UET_E2E_KEY_FILE, UET_INBOX_DIR, UET_RECONCILE_INTERVAL_MS. Prints `listening on <url>`.
import { readFileSync } from 'node:fs';
import { Probot } from 'probot';
import { createUetApp } from '../../../src/app/create-uet-app.js';
import { startAppServer } from '../../../src/app/server/start-app-server.js';
import { fastOctokit, WEBHOOK_PATH, WEBHOOK_SECRET } from './app-process.js';

const env = process.env;
const probot = new Probot({
  appId: 777,
  privateKey: readFileSync(env.UET_E2E_KEY_FILE!, 'utf8'),
  secret: WEBHOOK_SECRET,
  baseUrl: env.UET_E2E_API!,
  logLevel: 'fatal',
  Octokit: fastOctokit(),
});
await probot.load(
  createUetApp({ appId: 777, reconcileIntervalMs: Number(env.UET_RECONCILE_INTERVAL_MS ?? 0) }),
);
const server = await startAppServer({
  probot,
  secret: WEBHOOK_SECRET,
  port: 0,
  host: '127.0.0.1',
  path: WEBHOOK_PATH,
  ...(env.UET_INBOX_DIR ? { inboxDir: env.UET_INBOX_DIR } : {}),
});
process.stdout.write(`listening on ${server.url}${WEBHOOK_PATH}\n`);
