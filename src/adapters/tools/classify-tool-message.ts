import type { ErrorClass } from '../../core/run/events.js';

const AUTH =
  /invalid (x-)?api[ _-]?key|incorrect api key|authentication[_ ]?error|unauthori[sz]ed|\b401\b|not logged in|please run \/login|missing (an )?api key|api key (is )?(missing|not set)|credit balance is too low|insufficient_quota/i;
const RATE = /rate[ _-]?limit|\b429\b|too many requests|usage limit (reached|exceeded)/i;
const TRANSIENT =
  /overloaded|\b529\b|\b50[234]\b|service unavailable|bad gateway|connection (reset|refused)|ECONNRESET|ETIMEDOUT|EAI_AGAIN/i;

/**
 * The error class an AI CLI's error text implies (docs/tools.md): an authentication or quota problem is permanent
 * (retrying cannot fix a key), a rate limit is rate_limit, an overloaded or unreachable service is transient_error.
 * Undefined when the text says none of these.
 */
export function classifyToolMessage(text: string): ErrorClass | undefined {
  if (AUTH.test(text)) return 'permanent';
  if (RATE.test(text)) return 'rate_limit';
  if (TRANSIENT.test(text)) return 'transient_error';
  return undefined;
}
