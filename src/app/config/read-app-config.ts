import { parseDocument } from 'yaml';
import { readText } from '../../adapters/github/read-text.js';
import type { GitHubClient, RepoRef } from '../../adapters/github/github-client.js';
import { APP_CONFIG_PATH } from './app-config.js';
import { validateAppConfig, type AppConfigResult } from './validate-app-config.js';

/**
 * Parses the text of a `.github/uet.yml` and validates it: a missing or empty file means the defaults; YAML syntax
 * errors come back as issues, like schema errors. Pure. The app reads the text from the default branch, `uet run`
 * from the run's base commit.
 */
export function parseAppConfig(text: string | undefined): AppConfigResult {
  if (text === undefined || text.trim() === '') return validateAppConfig(null);
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    return {
      ok: false,
      issues: [
        {
          pointer: '',
          message: `invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${first.message.split('\n')[0]}`,
        },
      ],
    };
  }
  return validateAppConfig(doc.toJS());
}

/** Reads `.github/uet.yml` from the default branch (never from a pull request's head): one request. */
export async function readAppConfig(
  gh: GitHubClient,
  repo: RepoRef,
  defaultBranch: string,
): Promise<AppConfigResult> {
  return parseAppConfig(await readText(gh, repo, APP_CONFIG_PATH, defaultBranch));
}
