import { readText } from '../../adapters/github/read-text.js';
import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { checkBundleText, type BundleResult } from '../bundle/check-bundle-text.js';
import type { AppConfig } from '../config/app-config.js';
import { prose } from '../render/markdown.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** Reads and checks the bundle at `path` on the pinned commit; every failure is a message for the reply. */
export async function loadBundleAt(
  scope: RepoScope,
  path: string | undefined,
  sha: string,
  maxParallel?: number,
): Promise<BundleResult & { path?: string }> {
  if (path === undefined) {
    return {
      ok: false,
      problems: [
        'no bundle given: name one (`/uet run path/to/bundle.yaml`) or set `bundle:` in `.github/uet.yml` on the default branch',
      ],
    };
  }
  const text = await readText(scope.gh, scope.repo, path, sha);
  if (text === undefined)
    return { ok: false, problems: [`\`${path}\` does not exist at \`${sha.slice(0, 7)}\``] };
  return { ...checkBundleText(path, text, maxParallel), path };
}

/** The bundle with its budget capped by the configuration's `budgets.max_cost_usd` (a cap never raises it). */
export function capBudget(bundle: WorkstreamBundle, config: AppConfig): WorkstreamBundle {
  const cap = config.budgets.max_cost_usd;
  if (cap === undefined || (bundle.max_cost_usd !== undefined && bundle.max_cost_usd <= cap)) return bundle;
  return { ...bundle, max_cost_usd: cap };
}

/** The smallest of the parallelism limits that are set (a command or configuration may only lower it). */
export function lowestParallel(...limits: (number | undefined)[]): number | undefined {
  const set = limits.filter((x): x is number => x !== undefined);
  return set.length ? Math.min(...set) : undefined;
}

/** The problems of a bundle as a reply. */
export function bundleProblemsReply(problems: readonly string[]): string {
  // Problems quote the bundle (values, YAML around an error): text its author wrote, defused like any other.
  const shown = problems.slice(0, 30).map((p) => `- ${prose(p, 600)}`);
  const more = problems.length > 30 ? [`- … and ${problems.length - 30} more`] : [];
  return [
    'UET cannot run this bundle:',
    '',
    ...shown,
    ...more,
    '',
    'Check it locally with `npx uet validate <bundle>`.',
  ].join('\n');
}
