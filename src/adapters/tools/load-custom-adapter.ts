import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouterCustomAdapter } from '../../core/contracts/index.js';
import type { ToolInput } from './tool-adapter.js';

export type CustomRun = (input: ToolInput) => Promise<unknown>;
export type LoadedCustom = { ok: true; run: CustomRun } | { ok: false; message: string };

const PYTHON_PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;
const isClass = (f: unknown) =>
  typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

async function resolveModule(repoRoot: string, spec: string): Promise<string> {
  if (spec.startsWith('.') || spec.includes('/') || /\.[cm]?js$/.test(spec)) {
    const file = path.resolve(repoRoot, spec);
    await access(file).catch(() => {
      throw new Error(`${spec} does not exist (looked for ${file})`);
    });
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve(spec)).href;
  } catch {
    throw new Error(`package ${spec} is not installed in ${repoRoot}`);
  }
}

/**
 * Loads a custom adapter (router_config custom_adapters): the ES module `module` (a path relative to the
 * repository root, or a package name) and its export `export` (seed 2's `class` is an alias; default: the default
 * export). The export may be an object with run(input), a class whose instances have run(input), or a run
 * function. Every way this can fail gives one clear message; nothing throws.
 */
export async function loadCustomAdapter(
  id: string,
  spec: RouterCustomAdapter,
  repoRoot: string,
): Promise<LoadedCustom> {
  const name = spec.export ?? spec.class ?? 'default';
  const where = `custom adapter ${id} (${spec.module}, export ${name})`;
  if (PYTHON_PATH.test(spec.module) && !/\.[cm]?js$/.test(spec.module))
    return {
      ok: false,
      message: `${where}: "${spec.module}" looks like a Python module path (seed 2's format); UET loads ES modules: set module to a .mjs or .js file relative to the repository root`,
    };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(await resolveModule(repoRoot, spec.module))) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, message: `${where}: cannot load the module: ${(e as Error).message}` };
  }
  const value = mod[name];
  if (value === undefined)
    return {
      ok: false,
      message: `${where}: the module has no export "${name}" (it exports: ${Object.keys(mod).join(', ') || 'nothing'})`,
    };
  try {
    const target: unknown = isClass(value) ? new (value as new () => unknown)() : value;
    if (typeof target === 'function')
      return { ok: true, run: (input) => Promise.resolve((target as CustomRun)(input)) };
    const run = (target as { run?: unknown } | null)?.run;
    if (typeof run === 'function')
      return { ok: true, run: (input) => Promise.resolve((run as CustomRun).call(target, input)) };
  } catch (e) {
    return { ok: false, message: `${where}: constructing the class failed: ${(e as Error).message}` };
  }
  return {
    ok: false,
    message: `${where}: the export is not a tool adapter: expected an object with run(input), a class whose instances have run(input), or a function`,
  };
}
