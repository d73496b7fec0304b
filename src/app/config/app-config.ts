import { DEFAULT_AUTOMATION_CONFIG, type AutomationConfig } from './automation-config.js';

/** `.github/uet.yml` after validation, with every default applied. */
export interface AppConfig extends AutomationConfig {
  readonly bundle?: string;
  readonly label: string;
  readonly workflow: string;
  readonly max_parallel?: number;
  readonly budgets: { readonly max_cost_usd?: number };
  readonly allow_forks: boolean;
  readonly allowed_bots: readonly string[];
  readonly on_failure: 'no_pr' | 'draft_pr';
  readonly policy: {
    readonly forbidden_paths?: readonly string[];
    readonly allowed_paths?: readonly string[];
    readonly max_files_changed?: number;
    readonly max_lines_changed?: number;
  };
}

/** The configuration of a repository without `.github/uet.yml`. */
export const DEFAULT_APP_CONFIG: AppConfig = {
  ...DEFAULT_AUTOMATION_CONFIG,
  label: 'uet',
  workflow: 'uet.yml',
  budgets: {},
  allow_forks: false,
  allowed_bots: [],
  on_failure: 'no_pr',
  policy: {},
};

export const APP_CONFIG_PATH = '.github/uet.yml';
