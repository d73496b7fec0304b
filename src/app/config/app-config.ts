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
  /** The tool of a follow-up run (`/uet fix`, reviews, requests in plain words), unless `--tool` names one. */
  readonly default_tool?: string;
  /** A first word that makes a comment a request in plain words (besides `@<app-slug>`). */
  readonly trigger_phrase?: string;
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
