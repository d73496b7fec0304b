import type { AppConfig } from '../config/app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** An accepted command (authorized, claimed, acknowledged with 👀), ready to be carried out. */
export interface CommandTrigger {
  readonly scope: RepoScope;
  readonly deliveryId: string;
  readonly actor: string;
  /** The issue or pull request the command was given on (GitHub numbers both alike). */
  readonly issueNumber: number;
  readonly isPr: boolean;
  readonly commentId?: number;
  /** When the authorizing comment was written: a run never executes a commit pushed after it (pin-head.ts). */
  readonly authorizedAt?: string;
  /** The run id the trigger claim reserved for a run this command starts. */
  readonly runId: string;
  readonly config: AppConfig;
  readonly originKind: 'github_comment' | 'check_rerun';
}
