import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_WEBHOOK_PATH } from './read-webhook.js';

/** Everything `npm start` needs, from the environment (and `.env`). */
export interface AppSettings {
  readonly appId: number;
  readonly privateKey: string;
  readonly secret: string;
  readonly port: number;
  readonly host: string;
  readonly webhookPath: string;
  /** The GitHub REST API root: GITHUB_API_URL, or GHE_HOST/GHE_PROTOCOL as Probot reads them. */
  readonly baseUrl: string;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly logFormat: 'json' | 'pretty';
  readonly inboxDir?: string;
  readonly concurrency: number;
  readonly shutdownTimeoutMs: number;
  /** Octokit's throttling (GitHub's secondary rate limits): off only against a simulated GitHub. */
  readonly githubThrottle: boolean;
  /** Run the app's handlers in a worker thread, apart from the HTTP front (UET_APP_WORKER, default on). */
  readonly appWorker: boolean;
  /** How many nice steps the worker thread runs below the HTTP front (UET_APP_WORKER_NICE, 0 to 19; default 10). */
  readonly workerNice?: number;
}

/** Nice steps between the HTTP front and the app's worker thread, unless UET_APP_WORKER_NICE says otherwise. */
export const DEFAULT_WORKER_NICE = 10;

/** A setting that is missing or invalid: the message names the variable and what it expects. */
export class SettingsError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** Reads and checks the app's settings; throws a SettingsError with a one-line message. */
export function readAppSettings(
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): AppSettings {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      throw new SettingsError(
        `${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`,
      );
    }
    return n;
  };
  const appIdRaw = value('APP_ID');
  if (appIdRaw === undefined) {
    throw new SettingsError(
      'APP_ID is missing: set the GitHub App id in the environment or .env (no app yet? `npm run setup` registers one from app.yml)',
    );
  }
  const appId = integer('APP_ID', 0, 1, Number.MAX_SAFE_INTEGER);
  const secret = value('WEBHOOK_SECRET');
  if (secret === undefined)
    throw new SettingsError(
      "WEBHOOK_SECRET is missing: set the app's webhook secret in the environment or .env",
    );
  const webhookPath = value('WEBHOOK_PATH') ?? DEFAULT_WEBHOOK_PATH;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(webhookPath)) {
    throw new SettingsError(
      `WEBHOOK_PATH must be a path starting with / (got ${JSON.stringify(webhookPath)})`,
    );
  }
  const level = value('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new SettingsError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(level)})`,
    );
  }
  integer('UET_RECONCILE_INTERVAL_MS', 0, 0, 2 ** 31 - 1);
  const inboxDir = value('UET_INBOX_DIR');
  const onOff = (name: string) => {
    const raw = value(name) ?? 'on';
    if (raw !== 'on' && raw !== 'off')
      throw new SettingsError(`${name} must be on or off (got ${JSON.stringify(raw)})`);
    return raw === 'on';
  };
  return {
    appId,
    privateKey: readPrivateKey(value('PRIVATE_KEY'), value('PRIVATE_KEY_PATH'), readFile),
    secret,
    port: integer('PORT', 3000, 0, 65_535),
    host: value('HOST') ?? 'localhost',
    webhookPath,
    baseUrl: readBaseUrl(value('GITHUB_API_URL'), value('GHE_HOST'), value('GHE_PROTOCOL')),
    logLevel: level as AppSettings['logLevel'],
    logFormat: value('LOG_FORMAT') === 'json' ? 'json' : 'pretty',
    ...(inboxDir !== undefined ? { inboxDir } : {}),
    concurrency: integer('UET_INBOX_CONCURRENCY', 10, 1, 100),
    shutdownTimeoutMs: integer('UET_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    githubThrottle: onOff('UET_GITHUB_THROTTLE'),
    appWorker: onOff('UET_APP_WORKER'),
    workerNice: integer('UET_APP_WORKER_NICE', DEFAULT_WORKER_NICE, 0, 19),
  };
}

/** PRIVATE_KEY (PEM, with literal `\n` allowed, or base64 of the PEM) or the file at PRIVATE_KEY_PATH. */
function readPrivateKey(
  inline: string | undefined,
  path: string | undefined,
  readFile: (p: string) => string,
): string {
  let pem: string;
  let source: string;
  if (inline !== undefined) {
    source = 'PRIVATE_KEY';
    pem = inline.includes('-----BEGIN')
      ? inline.replace(/\\n/g, '\n')
      : Buffer.from(inline, 'base64').toString('utf8');
  } else if (path !== undefined) {
    source = `PRIVATE_KEY_PATH (${path})`;
    try {
      pem = readFile(path);
    } catch (error) {
      throw new SettingsError(
        `PRIVATE_KEY_PATH: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  } else {
    throw new SettingsError(
      "PRIVATE_KEY or PRIVATE_KEY_PATH is missing: set the app's private key (PEM) in the environment or .env",
    );
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new SettingsError(`${source} is not a PEM private key: download one from the app's settings page`);
  }
  return pem;
}

function readBaseUrl(
  apiUrl: string | undefined,
  gheHost: string | undefined,
  gheProtocol: string | undefined,
): string {
  if (apiUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new SettingsError(`GITHUB_API_URL must be an http(s) URL (got ${JSON.stringify(apiUrl)})`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SettingsError(`GITHUB_API_URL must be an http(s) URL (got ${JSON.stringify(apiUrl)})`);
    }
    return apiUrl.replace(/\/+$/, '');
  }
  if (gheHost === undefined) return 'https://api.github.com';
  const protocol = gheProtocol ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw new SettingsError(`GHE_PROTOCOL must be http or https (got ${JSON.stringify(protocol)})`);
  }
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(gheHost)) {
    throw new SettingsError(
      `GHE_HOST must be a host name, optionally with :port (got ${JSON.stringify(gheHost)})`,
    );
  }
  return `${protocol}://${gheHost}/api/v3`;
}
