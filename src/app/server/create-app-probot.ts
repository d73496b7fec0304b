import type { Probot } from 'probot';
import type { AppSettings } from './read-app-settings.js';

/** How many times a request that hit a (secondary) rate limit is sent again, after GitHub's `retry-after`. */
const RATE_LIMIT_RETRIES = 3;

interface Throttled {
  readonly method: string;
  readonly url: string;
}
interface Logs {
  readonly log: { warn(message: string): void };
}

/** Retries a rate-limited request a bounded number of times, saying so once per retry. */
function retryRateLimit(kind: string) {
  return (retryAfter: number, options: Throttled, octokit: Logs, retryCount: number): boolean => {
    if (retryCount >= RATE_LIMIT_RETRIES) {
      octokit.log.warn(`${kind} on ${options.method} ${options.url}: giving up after ${retryCount} retries`);
      return false;
    }
    octokit.log.warn(`${kind} on ${options.method} ${options.url}: retrying in ${retryAfter} s`);
    return true;
  };
}

/**
 * A Probot for the app's settings (Probot is loaded lazily, so that a settings refusal stays immediate). Rate
 * limits, primary and secondary, are retried after GitHub's `retry-after`, at most three times; throttling
 * (Probot's spacing of writes) is off only when the settings say so, for a simulated GitHub.
 */
export async function createAppProbot(settings: AppSettings): Promise<Probot> {
  const { Probot: ProbotClass, ProbotOctokit } = await import('probot');
  return new ProbotClass({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.secret,
    baseUrl: settings.baseUrl,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
    Octokit: ProbotOctokit.defaults((o: { throttle?: object }) => ({
      ...o,
      throttle: {
        ...o.throttle,
        enabled: settings.githubThrottle,
        onSecondaryRateLimit: retryRateLimit('secondary rate limit'),
        onRateLimit: retryRateLimit('rate limit'),
      },
    })),
  });
}
