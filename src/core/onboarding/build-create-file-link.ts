/**
 * GitHub answers 414 URI Too Long past about 8 KB (8,191 bytes, github/docs#4537 "Document GitHub serverside limit
 * on URL length"; the docs on URL query parameters now say "exceeds the server limit"). A link stays under this.
 */
export const URL_LIMIT = 8_000;

/** encodeURIComponent, plus the characters it leaves that break a markdown link or a query (`( ) ' * ! ~`). */
export const encodeStrict = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export type CreateFileLink =
  /** Opens GitHub's "create file" page with the name and the content filled in. */
  | { readonly prefilled: true; readonly url: string }
  /** The content would make the URL too long: the page opens with the name only, to paste the content in. */
  | { readonly prefilled: false; readonly url: string; readonly length: number };

/**
 * The link to GitHub's "create new file" page of `branch`, prefilled with `path` and `text`
 * (`<repo url>/new/<branch>?filename=<path>&value=<text>`), or with the name only when the whole URL would pass
 * URL_LIMIT. Pure.
 */
export function buildCreateFileLink(
  repoUrl: string,
  branch: string,
  path: string,
  text: string,
): CreateFileLink {
  const base = `${repoUrl}/new/${branch.split('/').map(encodeStrict).join('/')}?filename=${path.split('/').map(encodeStrict).join('/')}`;
  const url = `${base}&value=${encodeStrict(text)}`;
  return url.length <= URL_LIMIT
    ? { prefilled: true, url }
    : { prefilled: false, url: base, length: url.length };
}
