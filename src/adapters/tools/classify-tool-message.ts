import type { ErrorClass } from '../../core/run/events.js';

const AUTH =
  /invalid (x-)?api[ _-]?key|incorrect api key|authentication[_ ]?error|unauthori[sz]ed|\b401\b|\b403\b|forbidden|permission_error|not logged in|please run \/login|missing (an )?api key|api key (is )?(missing|not set)|no credentials|credit balance is too low|insufficient_quota/i;
const RATE = /rate[ _-]?limit|\b429\b|too many requests|usage limit (reached|exceeded)/i;
const TRANSIENT =
  /overloaded|\b529\b|\b50[0234]\b|service unavailable|bad gateway|internal server error|server[- ]side issue|connection (reset|refused|error|closed)|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EHOSTUNREACH|unable to connect|error sending request|request timed out|stream disconnected|high demand/i;

/**
 * The error class an AI CLI's error text implies (docs/tools.md): an authentication or quota problem is permanent
 * (retrying cannot fix a key), a rate limit is rate_limit, an overloaded or unreachable service (refused
 * connection, unknown host, 5xx) is transient_error. Undefined when the text says none of these.
 */
export function classifyToolMessage(text: string): ErrorClass | undefined {
  if (AUTH.test(text)) return 'permanent';
  if (RATE.test(text)) return 'rate_limit';
  if (TRANSIENT.test(text)) return 'transient_error';
  return undefined;
}

/**
 * The error class of an HTTP status from a model API: 401 and 403 permanent (a key or a permission does not fix
 * itself), 429 rate_limit, 408, 5xx and 529 (overloaded) transient_error, any other status permanent.
 */
export function classifyApiStatus(status: number): ErrorClass {
  if (status === 429) return 'rate_limit';
  if (status === 408 || status >= 500) return 'transient_error';
  return 'permanent';
}
