import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../../..');
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
/** `node lib/app/main.js`, straight from the sources (tsx), so that no build is needed. */
const MAIN = join(root, 'src/app/main.ts');

export interface MainProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the URL of `uet: listening on <url>`, or rejects with the output if it exits first. */
  readonly listening: Promise<string>;
  readonly exited: Promise<number | null>;
}

/** Starts the app entry point as `npm start` does, in `cwd`, with only `env` (and PATH) in its environment. */
export function spawnMain(cwd: string, env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', tsx, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /uet: listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`main exited ${code} before listening:\n${out}${err}`)));
  });
  listening.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
