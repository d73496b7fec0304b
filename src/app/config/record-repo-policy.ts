import type { RepoPolicy } from '../../core/contracts/index.js';
import type { AppConfig } from './app-config.js';

/**
 * The repository owner's policy (`.github/uet.yml` policy) as a run records it (run_created options.repo_policy),
 * with where it was read. Pure.
 */
export function recordRepoPolicy(p: AppConfig['policy'], source: string): RepoPolicy {
  return {
    source,
    ...(p.forbidden_paths ? { forbidden_paths: [...p.forbidden_paths] } : {}),
    ...(p.allowed_paths ? { allowed_paths: [...p.allowed_paths] } : {}),
    ...(p.max_files_changed !== undefined ? { max_files_changed: p.max_files_changed } : {}),
    ...(p.max_lines_changed !== undefined ? { max_lines_changed: p.max_lines_changed } : {}),
  };
}
