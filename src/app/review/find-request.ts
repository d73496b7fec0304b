import type { AppConfig } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import { parseRequest } from '../commands/parse-command.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** The words that start a request in plain words: the app's @mention, and the configured trigger_phrase. */
export async function requestPhrases(scope: RepoScope, config: AppConfig): Promise<string[]> {
  const slug = await scope.appSlug?.();
  return [...(slug ? [`@${slug}`] : []), ...(config.trigger_phrase ? [config.trigger_phrase] : [])];
}

/**
 * The words of a request in plain words, or undefined when the comment is not one. Decided before any
 * authorization, so that a comment that merely mentions someone costs nothing and gets no refusal: only a first
 * word starting with `@` or `/` is looked at; the app's slug is known once per process (GET /app), and the
 * trigger_phrase needs the configuration (one read, only for such comments that are not the @mention).
 */
export async function findRequest(scope: RepoScope, body: string): Promise<string | undefined> {
  const first = body.replace(/^\ufeff/, '').trimStart()[0];
  if (first !== '@' && first !== '/') return undefined;
  const slug = await scope.appSlug?.();
  if (slug) {
    const words = parseRequest(body, [`@${slug}`]);
    if (words !== undefined) return words;
  }
  const read = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  const phrase = read.ok ? read.value.trigger_phrase : undefined;
  return phrase ? parseRequest(body, [phrase]) : undefined;
}
