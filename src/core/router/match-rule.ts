import picomatch from 'picomatch';
import type { RouterRuleMatch } from '../contracts/index.js';
import type { RouteRequest } from './route-request.js';

const matchers = new Map<string, (path: string) => boolean>();

function globMatches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    // A glob without a slash (*.md) matches the basename anywhere, as seed 2's patterns mean.
    m = picomatch(glob, { dot: true, basename: !glob.includes('/') });
    matchers.set(glob, m);
  }
  return m(path);
}

const oneOf = (want: string | readonly string[] | undefined, have: string | undefined) =>
  want === undefined ||
  (have !== undefined && (typeof want === 'string' ? want === have : want.includes(have)));

/**
 * Whether a rule's match fits a request: every given condition holds. A list holds when the request's value is in
 * it; file_patterns hold when any path of the write or create scope matches any glob (never for a request with no
 * paths). Returns the conditions that held, for the route's reason, or undefined when the rule does not apply.
 */
export function matchRule(match: RouterRuleMatch | undefined, request: RouteRequest): string[] | undefined {
  const why: string[] = [];
  if (!match) return why;
  if (!oneOf(match.task_kind, request.taskKind)) return undefined;
  if (match.task_kind !== undefined) why.push(`task_kind ${request.taskKind}`);
  if (!oneOf(match.risk_tier, request.riskTier)) return undefined;
  if (match.risk_tier !== undefined) why.push(`risk_tier ${request.riskTier}`);
  if (!oneOf(match.complexity, request.complexity)) return undefined;
  if (match.complexity !== undefined) why.push(`complexity ${request.complexity}`);
  if (!oneOf(match.domain, request.domain)) return undefined;
  if (match.domain !== undefined) why.push(`domain ${request.domain}`);
  if (match.file_patterns) {
    const hit = request.paths.find((p) => match.file_patterns!.some((g) => globMatches(g, p)));
    if (hit === undefined) return undefined;
    why.push(`file ${hit}`);
  }
  return why;
}
