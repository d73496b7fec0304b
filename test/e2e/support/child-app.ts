import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appPrivateKey } from './app-process.js';
import { REPO_ROOT } from './repo-root.js';

const tsx = pathToFileURL(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx')).href;
const ENTRY = join(import.meta.dirname, 'app-child.ts');

export interface ChildApp {
  readonly url: string;
  readonly pid: number;
  /** kill -9: no drain, no goodbye. */
  kill(): Promise<void>;
  close(): Promise<void>;
  output(): string;
}

/** Starts the app as a child process (app-child.ts through tsx) and resolves once it listens. */
export async function startChildApp(o: {
  api: string;
  dir: string;
  inboxDir?: string;
  reconcileIntervalMs?: number;
}): Promise<ChildApp> {
  const keyFile = join(o.dir, 'app.pem');
  writeFileSync(keyFile, appPrivateKey(), { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, ENTRY], {
    cwd: o.dir,
    env: {
      PATH: process.env.PATH ?? '',
      UET_E2E_API: o.api,
      UET_E2E_KEY_FILE: keyFile,
      UET_RECONCILE_INTERVAL_MS: String(o.reconcileIntervalMs ?? 0),
      ...(o.inboxDir ? { UET_INBOX_DIR: o.inboxDir } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`the app exited before listening:\n${out}`)));
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    pid: child.pid!,
    kill: () => stop('SIGKILL'),
    close: () => stop('SIGKILL'),
    output: () => out,
  };
}
