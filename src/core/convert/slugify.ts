/**
 * A slug_id from free text: lower-case ASCII words joined by '-', cut at a word boundary to at most `max`
 * characters; `fallback` when nothing is left. Pure and stable: the same text always gives the same slug.
 */
export function slugify(text: string, max = 48, fallback = 'item'): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/`[^`]*`/g, (m) => m.slice(1, -1))
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > max) break;
    slug = next;
  }
  if (!slug && words[0]) slug = words[0].slice(0, max);
  return slug || fallback;
}
