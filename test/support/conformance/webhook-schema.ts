import { createRequire } from 'node:module';
import { join } from 'node:path';
import { conformanceCache } from './conformance-cache.js';

interface ErrorObject {
  readonly instancePath: string;
  readonly message?: string;
  readonly params: unknown;
}
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let validators: Record<string, Validator> | undefined;

/** The webhook of a delivery as @octokit/openapi-webhooks keys it: `<event>-<action>` in kebab case (`ping` alone). */
export function webhookKey(name: string, payload: unknown): string {
  const action = (payload as { action?: unknown } | null)?.action;
  return (typeof action === 'string' ? `${name}-${action}` : name).replace(/_/g, '-');
}

/**
 * Checks a webhook payload against GitHub's own schema of that event and action (@octokit/openapi-webhooks, the
 * request body of the webhook). Returns the problems, each naming the webhook and the JSON pointer; none when the
 * payload is one GitHub could send.
 */
export function validateWebhook(name: string, payload: unknown): string[] {
  validators ??= createRequire(import.meta.url)(join(conformanceCache(), 'webhook-validators.cjs')) as Record<
    string,
    Validator
  >;
  const key = webhookKey(name, payload);
  const validate = validators[key];
  if (!validate)
    return [
      `${key}: no schema compiled for this webhook (add it to WEBHOOKS in scripts/build-conformance-cache.mjs, if @octokit/openapi-webhooks has it)`,
    ];
  if (validate(payload)) return [];
  return (validate.errors ?? []).map(
    (e) => `${key}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}

/** Throws when a payload is not one GitHub could send: what every test harness calls before delivering one. */
export function assertWebhook(name: string, payload: unknown): void {
  const problems = validateWebhook(name, payload);
  if (problems.length)
    throw new Error(
      `the test sends a ${name} payload that GitHub's webhook schema (@octokit/openapi-webhooks) rejects:\n  ${problems.slice(0, 12).join('\n  ')}`,
    );
}
