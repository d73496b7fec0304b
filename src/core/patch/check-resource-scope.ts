import type { PatchViolation, ResourceScope, Step } from '../contracts/index.js';
import { touchedPaths, type FilePatch } from './diff-types.js';
import { firstMatch } from './match-paths.js';

/** Where a patch may write: `modify` covers changing or deleting existing files, `create` covers new files. */
export interface PatchResourceScope {
  /** Where it comes from, for messages: "step a1 context" or "execution request". */
  readonly source: string;
  readonly modify?: readonly string[];
  readonly create?: readonly string[];
  readonly forbidden?: readonly string[];
}

/** A step's declared scope (context.files and context.create_files), or undefined when it declares none. */
export function stepResourceScope(step: Pick<Step, 'step_id' | 'context'>): PatchResourceScope | undefined {
  const files = [...(step.context?.files ?? []), ...(step.context?.create_files ?? [])];
  if (!files.length) return undefined;
  return { source: `step ${step.step_id} context.files/create_files`, modify: files, create: files };
}

/** An execution request's resource_scope: write for existing files, create for new ones, forbidden never. */
export function requestResourceScope(scope: ResourceScope): PatchResourceScope {
  return {
    source: 'execution request resource_scope',
    ...(scope.write ? { modify: scope.write } : {}),
    ...(scope.create ? { create: scope.create } : {}),
    ...(scope.forbidden ? { forbidden: scope.forbidden } : {}),
  };
}

/**
 * Every place the patch leaves its resource scope: a modified, deleted or renamed-away file outside `modify`, a
 * created, copied or renamed-to file outside `create`, and any path in `forbidden`. A list the scope does not
 * state does not limit.
 */
export function checkResourceScope(files: readonly FilePatch[], scope: PatchResourceScope | undefined): PatchViolation[] {
  if (!scope) return [];
  const out: PatchViolation[] = [];
  const check = (path: string, globs: readonly string[] | undefined, what: string) => {
    if (globs && firstMatch(globs, path) === undefined)
      out.push({ rule: 'resource_scope', path, message: `${what} outside the ${scope.source} (${JSON.stringify(globs)})` });
  };
  for (const f of files) {
    const creates = f.change === 'added' || f.change === 'copied' || f.change === 'renamed';
    if (f.oldPath !== null && f.change !== 'copied') check(f.oldPath, scope.modify, f.change === 'deleted' ? 'deletes a file' : f.change === 'renamed' ? 'renames a file from' : 'modifies a file');
    if (f.newPath !== null && creates) check(f.newPath, scope.create, 'creates a file');
    for (const p of touchedPaths(f)) {
      const glob = scope.forbidden ? firstMatch(scope.forbidden, p) : undefined;
      if (glob !== undefined) out.push({ rule: 'resource_scope', path: p, message: `matches ${JSON.stringify(glob)}, forbidden by the ${scope.source}` });
    }
  }
  return out;
}
