import type { WorkstreamBundle } from '../../core/contracts/index.js';
import type { LedgerStore } from '../../core/patch/index.js';
import type { Clock, IdSource } from '../../core/ports.js';
import { createRedactor, findSecretValues, type Redactor } from '../../core/secrets/index.js';
import { readCommitConfigArgs } from '../git/commit-identity.js';
import { ensureUetExcluded } from '../git/ensure-uet-excluded.js';
import { gitCommonDir, gitVersion, showToplevel } from '../git/repo-queries.js';
import { createPatchContext, type PatchContext } from '../patch/create-patch-context.js';
import type { ToolAdapter } from '../tools/tool-adapter.js';
import { assertRunId } from '../uet-paths.js';

export interface LocalExecutorOptions {
  /** The user's repository (any directory inside its working tree). */
  readonly repoDir: string;
  readonly runId: string;
  readonly clock: Clock;
  /** Keep step and gate worktrees after they finish (`--keep-worktrees`). */
  readonly keepWorktrees?: boolean;
  /** Tool adapters by id; defaults to `toolAdapters`. */
  readonly tools?: ReadonlyMap<string, ToolAdapter>;
  /** The run's base commit: bounds the search for already-integrated steps to the run's own commits. */
  readonly baseCommit?: string;
  /** Where the passed-through tool variables come from; defaults to process.env. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
  /** The run's bundle, for its patch policies; read from the run's log when absent. */
  readonly bundle?: WorkstreamBundle;
  /** Patch ids; ULIDs from `clock` by default. */
  readonly ids?: IdSource;
  /** The patch ledger; the local `.uet/ledger/` by default. */
  readonly ledgerStore?: LedgerStore;
}

/** Facts about the repository, read once per executor. */
export interface RepoFacts {
  readonly root: string;
  readonly commonDir: string;
  readonly configArgs: readonly string[];
  readonly mergeBaseOption: boolean;
}

export interface LocalContext {
  readonly options: LocalExecutorOptions;
  readonly tools: ReadonlyMap<string, ToolAdapter>;
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** The credentials of parentEnv: redacted from everything the executor records, and refused in patches. */
  readonly redactor: Redactor;
  facts(): Promise<RepoFacts>;
  /** The patch pipeline's context on the repository at `root` (one per executor). */
  patches(root: string): PatchContext;
}

export function createLocalContext(
  options: LocalExecutorOptions,
  defaultTools: ReadonlyMap<string, ToolAdapter>,
): LocalContext {
  assertRunId(options.runId);
  let facts: Promise<RepoFacts> | undefined;
  let patches: PatchContext | undefined;
  const load = async (): Promise<RepoFacts> => {
    const root = await showToplevel(options.repoDir);
    const [commonDir, configArgs, [major, minor]] = await Promise.all([
      gitCommonDir(root),
      readCommitConfigArgs(root),
      gitVersion(root),
    ]);
    await ensureUetExcluded(root);
    return { root, commonDir, configArgs, mergeBaseOption: major > 2 || (major === 2 && minor >= 40) };
  };
  const parentEnv = options.parentEnv ?? process.env;
  const redactor = createRedactor(findSecretValues(parentEnv));
  return {
    options,
    tools: options.tools ?? defaultTools,
    parentEnv,
    redactor,
    patches: (root) =>
      (patches ??= createPatchContext(root, {
        clock: options.clock,
        secrets: redactor,
        ...(options.ids ? { ids: options.ids } : {}),
        ...(options.ledgerStore ? { store: options.ledgerStore } : {}),
        ...(options.bundle ? { bundle: options.bundle } : {}),
      })),
    facts: () => {
      facts ??= load().catch((e: unknown) => {
        facts = undefined; // a transient failure must not poison the executor
        throw e;
      });
      return facts;
    },
  };
}
