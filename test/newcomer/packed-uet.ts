// The uet a new user gets: `npm pack` of this clone, installed with `npm install -g <tgz>` into a temporary prefix,
// offline. Packed and installed once per content of the packed sources (a hash of them names the directory), so
// that the tests sharing it, in any worker, pay for one pack and one install per change.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** What the package is built from and what it ships: a change to any of them makes a new tarball. */
const SOURCES = ['package.json', 'app.yml', 'README.md', 'scripts/build.mjs', 'bin', 'src', 'schema', 'profiles', 'docs', 'examples'];

export interface PackedUet {
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The npm prefix it was installed into: `<prefix>/bin/uet`, `<prefix>/lib/node_modules/uet`. */
  readonly prefix: string;
  readonly bin: string;
  readonly packageDir: string;
  /** What `npm install -g` printed. */
  readonly installLog: string;
}

function hashSources(): string {
  const hash = createHash('sha256');
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
      return;
    }
    hash.update(`${relative(repoRoot, path)}\0`).update(readFileSync(path)).update('\0');
  };
  for (const s of SOURCES) walk(join(repoRoot, s));
  return hash.digest('hex').slice(0, 16);
}

async function packAndInstall(dir: string): Promise<void> {
  const run = promisify(execFile);
  const env = { ...process.env, npm_config_loglevel: 'warn', npm_config_update_notifier: 'false' };
  // `npm pack` runs `prepare` (the build), as it does for a user packing a clone.
  const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: repoRoot, env, maxBuffer: 64 << 20 });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const prefix = join(dir, 'prefix');
  mkdirSync(prefix);
  // --offline: nothing may come from a registry. The CLI needs nothing beyond the tarball; the app's libraries are
  // optional dependencies, skipped when they cannot be fetched.
  const installed = await run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', join(dir, filename)], {
    cwd: dir,
    env: { ...env, npm_config_prefix: prefix },
  });
  writeFileSync(join(dir, 'install.log'), `${installed.stdout}${installed.stderr}`);
}

/**
 * The cache under the shared temporary directory, this user's only: another account that made it first (or a
 * symlink there) could plant a `uet` that the tests would run, so anything but a directory of ours that no one
 * else may write is refused.
 */
function ownCacheDir(): string {
  const uid = process.getuid?.();
  const cache = join(tmpdir(), `uet-newcomer-pack-${uid ?? 'user'}`);
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  const st = lstatSync(cache);
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0)
    throw new Error(`${cache}: not a private directory of this user; remove it (the packed uet is cached there)`);
  return cache;
}

let pending: Promise<PackedUet> | undefined;

/** The packed and installed uet (packing and installing it when the sources changed since the last time). */
export function installPackedUet(): Promise<PackedUet> {
  pending ??= (async () => {
    const cache = ownCacheDir();
    const dir = join(cache, hashSources());
    // Copies of older sources, unused for an hour, go (a concurrent run of another checkout may still use a newer one).
    for (const name of readdirSync(cache)) {
      const other = join(cache, name);
      if (other !== dir && Date.now() - statSync(other).mtimeMs > 3_600_000) rmSync(other, { recursive: true, force: true });
    }
    if (!existsSync(join(dir, 'install.log'))) {
      const work = `${dir}.tmp-${process.pid}`;
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work);
      try {
        await packAndInstall(work);
        renameSync(work, dir);
      } catch (error) {
        // Another worker finished first: use its copy.
        if (!existsSync(join(dir, 'install.log'))) throw error;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`${dir}: no tarball`);
    const prefix = join(dir, 'prefix');
    return {
      tarball: join(dir, tarball),
      prefix,
      bin: join(prefix, 'bin'),
      packageDir: join(prefix, 'lib/node_modules/uet'),
      installLog: readFileSync(join(dir, 'install.log'), 'utf8'),
    };
  })();
  return pending;
}
