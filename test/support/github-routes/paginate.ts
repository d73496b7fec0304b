import type { GitHubRequest } from './github-route.js';

/** The page size of a list GitHub answers without `per_page` (its documented default). */
const DEFAULT_PER_PAGE = 30;

/**
 * One page of a list as GitHub answers it: `per_page` items (the documented default 30, at most the documented
 * maximum, 100: the request check gives `perPage`) of page `page`, and a `Link` header with the next and last pages
 * while there are more (Octokit's paginate follows `rel="next"`). A client that takes one page for the whole list
 * sees only this page.
 */
export function paginate<T>(
  req: Pick<GitHubRequest<unknown>, 'query' | 'perPage' | 'url' | 'api'>,
  all: readonly T[],
): { items: T[]; headers: Record<string, string> } {
  const per = req.perPage ?? DEFAULT_PER_PAGE;
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const items = all.slice((page - 1) * per, page * per);
  const last = Math.max(1, Math.ceil(all.length / per));
  if (page >= last || req.url === undefined) return { items, headers: {} };
  const link = (n: number) => {
    const u = new URL(req.url!, req.api);
    u.searchParams.set('per_page', String(per));
    u.searchParams.set('page', String(n));
    return `<${req.api}${u.pathname}${u.search}>`;
  };
  return { items, headers: { link: `${link(page + 1)}; rel="next", ${link(last)}; rel="last"` } };
}
