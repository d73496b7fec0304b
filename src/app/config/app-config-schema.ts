/**
 * The schema of `.github/uet.yml`, the app's per-repository configuration (docs/github-app.md#configuration).
 * It is read from the default branch only. It is app configuration, not a UET contract, so it lives here
 * and not in schema/.
 */
import { automationProperties } from './automation-config-schema.js';

export const appConfigSchema = {
  $id: 'https://uet.dev/app/config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...automationProperties,
    bundle: { type: 'string', minLength: 1, description: 'Bundle path used when `/uet run` names none.' },
    label: {
      type: 'string',
      minLength: 1,
      maxLength: 50,
      default: 'uet',
      description: 'The issue label that starts a run.',
    },
    workflow: {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]+\\.ya?ml$',
      default: 'uet.yml',
      description: 'The UET workflow file in .github/workflows.',
    },
    max_parallel: {
      type: 'integer',
      minimum: 1,
      maximum: 20,
      description: 'Most steps dispatched at once (a bundle or command may only lower it).',
    },
    budgets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_cost_usd: {
          type: 'number',
          minimum: 0,
          description: 'Cap on a run budget: a bundle asking for more gets this.',
        },
      },
    },
    allow_forks: {
      type: 'boolean',
      default: false,
      description: 'Run commands on pull requests from forks.',
    },
    allowed_bots: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Za-z0-9-]+\\[bot\\]$' },
      default: [],
      description: 'Bot accounts whose commands are obeyed.',
    },
    default_tool: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
      description: 'The tool of a follow-up run (`/uet fix`, a review, a request in plain words) unless `--tool` names one.',
    },
    trigger_phrase: {
      type: 'string',
      pattern: '^[@/][A-Za-z0-9][A-Za-z0-9._-]{0,38}$',
      description:
        'A word that, first in a comment, makes it a request in plain words, besides the app\'s own @mention.',
    },
    on_failure: {
      type: 'string',
      enum: ['no_pr', 'draft_pr'],
      default: 'no_pr',
      description: 'What a failed run leaves: no result PR, or a draft one.',
    },
    policy: {
      type: 'object',
      additionalProperties: false,
      description:
        'Patch policy overrides; they can only narrow the defaults (checked on the result before the PR).',
      properties: {
        forbidden_paths: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
        allowed_paths: {
          type: 'array',
          uniqueItems: true,
          minItems: 1,
          items: { type: 'string', minLength: 1 },
        },
        max_files_changed: { type: 'integer', minimum: 1 },
        max_lines_changed: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;
