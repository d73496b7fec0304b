/**
 * The keys of `.github/uet.yml` for automations and control (ADR 0026): schedules, approvals, per-bundle
 * requirements, runner classes and locks (ADR 0024). Spread into the app configuration's schema (app-config-schema.ts).
 */
const ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
/** A repository path: relative, `/`-separated, no `..` segment (the same rule as a command's bundle path). */
const PATH = '^(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))[A-Za-z0-9._\\-/]+$';
/** A path or a glob of paths (`*`, `**`, `?`), relative, with no `..` segment. */
const GLOB = '^(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))[A-Za-z0-9._\\-/*?]+$';
/** A branch name git accepts (no `..`, `//`, `@{`, trailing `/` or `.lock`, no control or special characters). */
const BRANCH = '^(?!/)(?!.*\\.\\.)(?!.*//)(?!.*@\\{)(?!.*\\.lock$)(?!.*/$)[A-Za-z0-9._\\-/]{1,200}$';
/** A runner label. */
const LABEL = '^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$';
/** A runner group: a name, or `org/`/`organization/`/`ent/`/`enterprise/` and a name (GitHub's parser refuses others). */
const GROUP = '^(?:(?:org|organization|ent|enterprise)/)?[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$';
const labels = { type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: { type: 'string', pattern: LABEL } };

export const RUNNER_CLASS_DEFAULT = 'default';

export const automationProperties = {
  schedules: {
    type: 'array',
    maxItems: 20,
    description: 'Bundles run on a schedule (cron, UTC), from the head of `base` (default: the default branch).',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'cron', 'bundle'],
      properties: {
        id: { type: 'string', pattern: ID, description: 'The schedule id (unique): in claim refs and check names.' },
        cron: { type: 'string', minLength: 1, maxLength: 100, description: 'Five cron fields, UTC, as GitHub reads them.' },
        bundle: { type: 'string', maxLength: 300, pattern: PATH, description: 'The bundle path, read at the base head.' },
        base: { type: 'string', pattern: BRANCH, description: 'The branch the run starts from and its result PR goes into.' },
        max_cost_usd: { type: 'number', minimum: 0, description: 'Cap on the run budget (under budgets.max_cost_usd).' },
      },
    },
  },
  runners: {
    type: 'object',
    maxProperties: 20,
    propertyNames: { pattern: ID },
    description:
      'Runner classes: the only names a bundle, workstream or step may give as runs_on. Each maps to labels or a group.',
    additionalProperties: {
      oneOf: [
        { type: 'string', pattern: LABEL },
        labels,
        {
          type: 'object',
          additionalProperties: false,
          required: ['group'],
          properties: { group: { type: 'string', pattern: GROUP }, labels },
        },
      ],
    },
  },
  require_approval: {
    type: 'object',
    additionalProperties: false,
    required: ['approvers'],
    description: 'Runs that wait after planning until approvers approve them (`/uet approve`).',
    properties: {
      for: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['run', 'fix', 'schedule'] },
        default: ['run', 'fix', 'schedule'],
      },
      approvers: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
        items: {
          type: 'string',
          pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$',
        },
        description: 'GitHub logins, or teams as org/team-slug.',
      },
      min: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
      allow_self_approval: { type: 'boolean', default: false, description: "Whether a run's requester may approve it." },
    },
  },
  locks: {
    type: 'object',
    additionalProperties: false,
    description:
      'Runs whose write scopes overlap on the same base branch never run at once (ADR 0024): what the second one does.',
    properties: {
      on_conflict: {
        type: 'string',
        enum: ['wait', 'refuse'],
        default: 'wait',
        description: 'wait: it is queued (visible in /uet status) and starts when the lock is free; refuse: it is not started.',
      },
      max_hold_minutes: {
        type: 'integer',
        minimum: 10,
        maximum: 10080,
        default: 720,
        description: 'A run holding its lock longer is canceled by the reconciler and its lock released: no lock is stuck.',
      },
    },
  },
  requirements: {
    type: 'array',
    maxItems: 50,
    description: 'Per-bundle requirements on the pull request a run targets, checked before its steps start.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['bundle', 'requires'],
      properties: {
        bundle: { type: 'string', maxLength: 300, pattern: GLOB },
        requires: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', enum: ['approved', 'mergeable'] },
        },
      },
    },
  },
} as const;
