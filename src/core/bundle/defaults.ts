/** Documented defaults for optional bundle fields (docs/configuration.md mirrors these). */
export const BUNDLE_DEFAULTS = {
  max_parallel: 4,
  default_estimate_seconds: 60,
  on_budget_exceeded: 'pause_and_notify',
  allow_depend_on_skipped: false,
} as const;

export const WORKSTREAM_DEFAULTS = {
  priority: 'foreground',
  parallel_ok: true,
  on_error: 'fail_fast',
  on_budget_exceeded: 'pause_and_notify',
} as const;

export const BREAKER_DEFAULTS = { failure_threshold: 5, timeout_seconds: 300, half_open_after: 60 } as const;

export const STEP_DEFAULTS = {
  estimate_cost_usd: 0,
  timeout_seconds: 1800,
  expected_exit_code: 0,
  validation_timeout_seconds: 600,
} as const;

export const RESILIENCE_DEFAULTS = {
  max_retries: 2,
  backoff_strategy: 'exponential',
  initial_backoff_seconds: 1,
  max_backoff_seconds: 60,
  retry_on: ['timeout', 'rate_limit', 'transient_error'],
} as const;
