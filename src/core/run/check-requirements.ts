import picomatch from 'picomatch';

export type Requirement = 'approved' | 'mergeable';

/** The requirements of a bundle: those of every `requirements` entry whose glob matches its path (ADR 0026). Pure. */
export function requirementsOf(bundlePath: string | undefined, entries: readonly { bundle: string; requires: readonly Requirement[] }[]): Requirement[] {
  if (bundlePath === undefined) return [];
  // The path as the repository names the file: `./deploy/x.yaml`, `deploy//x.yaml` and `deploy/./x.yaml` read the
  // same bundle as `deploy/x.yaml` (dot segments and empty ones dropped), so they are held to the same globs.
  const path = bundlePath.split('/').filter((s) => s !== '' && s !== '.').join('/');
  const out = new Set<Requirement>();
  for (const e of entries) if (picomatch(e.bundle, { dot: true })(path)) e.requires.forEach((r) => out.add(r));
  return [...out].sort();
}

/** What a pull request shows of itself for the requirements: GitHub's `mergeable`, and its reviews in order. */
export interface PullFacts {
  /** null while GitHub computes it. */
  readonly mergeable: boolean | null;
  readonly reviews: readonly { readonly user: string; readonly state: string }[];
}

/**
 * Which requirements a pull request does not meet, as sentences (Atlantis' apply requirements): `approved` needs a
 * reviewer's latest review to approve and no reviewer's latest to request changes (comments do not count, a
 * dismissed review drops its approval); `mergeable` needs GitHub's `mergeable` to be true (no conflict with its
 * base). Pure.
 */
export function unmetRequirements(required: readonly Requirement[], pr: PullFacts): string[] {
  const unmet: string[] = [];
  if (required.includes('approved')) {
    const latest = new Map<string, string>();
    for (const r of pr.reviews) if (['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(r.state)) latest.set(r.user.toLowerCase(), r.state);
    const states = [...latest.values()];
    if (states.includes('CHANGES_REQUESTED')) unmet.push('approved: a reviewer requests changes');
    else if (!states.includes('APPROVED')) unmet.push('approved: no review approves the pull request');
  }
  if (required.includes('mergeable') && pr.mergeable !== true)
    unmet.push(pr.mergeable === null ? 'mergeable: GitHub is still computing whether it is mergeable; try again in a moment' : 'mergeable: the pull request conflicts with its base');
  return unmet;
}
