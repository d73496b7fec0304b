import { existsSync } from 'node:fs';
import { readAppSettings, SettingsError } from './server/read-app-settings.js';

/**
 * `npm start` (`node lib/app/main.js`): reads `.env` (the environment wins), checks the settings, and serves webhooks
 * with the fast acknowledgement (src/app/server), the UET app running in a worker thread (UET_APP_WORKER=off: in
 * this thread). The reconciler runs at start-up and every UET_RECONCILE_INTERVAL_MS. Prints
 * `uet: listening on http://<host>:<port> …` once ready; SIGTERM or SIGINT drains the inbox
 * (UET_SHUTDOWN_TIMEOUT_MS) and exits 0. Bad settings: one line on stderr, exit 2.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) {
    try {
      process.loadEnvFile('.env');
    } catch (error) {
      throw new SettingsError(`.env: cannot read it: ${(error as Error).message}`);
    }
  }
  const settings = readAppSettings(process.env);
  // Loaded once the settings are known good, so that a refusal is immediate.
  const [{ createAppProbot }, { startAppServer }, { startAppWorker }] = await Promise.all([
    import('./server/create-app-probot.js'),
    import('./server/start-app-server.js'),
    import('./server/start-app-worker.js'),
  ]);
  const probot = await createAppProbot(settings);
  const worker = settings.appWorker
    ? await startAppWorker(settings, (reason) => {
        process.stderr.write(`uet: ${reason}: stopping (the reconciler catches up after a restart)\n`);
        process.exit(70);
      })
    : undefined;
  if (!worker) await probot.load((await import('./index.js')).default);
  const server = await startAppServer({
    probot,
    secret: settings.secret,
    ...(worker ? { receive: (d: Parameters<typeof worker.receive>[0]) => worker.receive(d) } : {}),
    port: settings.port,
    host: settings.host,
    path: settings.webhookPath,
    concurrency: settings.concurrency,
    ...(settings.inboxDir !== undefined ? { inboxDir: settings.inboxDir } : {}),
  });
  process.stdout.write(
    `uet: listening on ${server.url} (webhooks at ${settings.webhookPath}, GitHub API ${settings.baseUrl})\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void server
      .close(settings.shutdownTimeoutMs)
      .then(async ({ drained, pending }) => {
        await worker?.stop();
        process.stdout.write(
          `uet: stopped on ${signal}${drained ? '' : ` (${pending} deliveries not handled)`}\n`,
        );
      })
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  const known =
    error instanceof SettingsError ||
    e.code === 'EADDRINUSE' ||
    e.code === 'EACCES' ||
    e.code === 'ENOTFOUND';
  const where = e.code === 'EADDRINUSE' || e.code === 'EACCES' ? ' (check PORT and HOST)' : '';
  const debug = process.env.UET_DEBUG === '1';
  process.stderr.write(
    `uet: ${e.message ?? String(error)}${where}${known || debug ? '' : ' (set UET_DEBUG=1 for the stack)'}\n`,
  );
  if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(known ? 2 : 70);
});
