import { statusOf } from '../../adapters/github/github-client.js';

/**
 * A failure as a maintainer can act on it: known GitHub answers mapped to what to fix (the app's permissions, the
 * workflow file, rate limits), anything else as its message. Used where the app reports an error on a PR or issue.
 */
export function describeFailure(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const url = String((error as { request?: { url?: string } }).request?.url ?? '');
  if (status === 403 && /not accessible by integration/i.test(message)) {
    return "GitHub refused a request for lack of permission. The app needs contents, pull requests, issues, checks and actions (write) and metadata (read): check the installation's permissions against app.yml.";
  }
  if (status === 404 && /\/actions\/workflows\//.test(url)) {
    return 'the UET workflow was not found on the default branch. Generate it with `npx uet bootstrap --write`, commit `.github/workflows/uet.yml`, or set `workflow:` in `.github/uet.yml`.';
  }
  if ((status === 403 || status === 429) && /rate limit/i.test(message))
    return "GitHub's API rate limit was reached; the reconciler will carry on when it resets.";
  if (status === 422 && /workflow_dispatch/i.test(message))
    return 'the UET workflow does not accept `workflow_dispatch` with the inputs run_id, step_id, attempt and payload_ref. Regenerate it with `npx uet bootstrap --write`.';
  return message.split('\n')[0]!.slice(0, 300);
}
