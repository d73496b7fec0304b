import { WORKFLOW_PATH } from '../bootstrap/build-workflow.js';

/** `.github/uet.yml`: the app's configuration. */
export const APP_CONFIG_FILE = '.github/uet.yml';

/** What of UET a repository's default branch already has. */
export interface UetSetup {
  /** `.github/uet.yml` exists. */
  readonly configured: boolean;
  /** The UET workflow, when one exists: `.github/workflows/uet.yml` (or `.yaml`), or a workflow using the UET action. */
  readonly workflow?: string;
}

/** A `uses: <owner>/uet@<ref>` step (the UET action, from any owner or fork of it). */
const USES_UET = /^\s*-?\s*uses:\s*["']?[A-Za-z0-9_.-]+\/uet@/m;

/**
 * Whether UET is set up on a tree: its configuration file, and its workflow found by name or by the action it
 * uses. `workflows` holds the text of the workflow files that were read (by path); a workflow not read is only
 * recognised by its name. Pure.
 */
export function findUetSetup(
  files: readonly string[],
  workflows: ReadonlyMap<string, string> = new Map(),
): UetSetup {
  const configured = files.includes(APP_CONFIG_FILE);
  const byName = [WORKFLOW_PATH, WORKFLOW_PATH.replace(/\.yml$/, '.yaml')].find((p) => files.includes(p));
  const byAction = [...workflows].find(
    ([path, text]) => path.startsWith('.github/workflows/') && USES_UET.test(text),
  )?.[0];
  const workflow = byName ?? byAction;
  return { configured, ...(workflow !== undefined ? { workflow } : {}) };
}
