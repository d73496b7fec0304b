import { isAmbiguousFailure } from './github-client.js';

/**
 * Sends a create that must not happen twice (a check run, a comment, a PR, a dispatch). After an ambiguous failure (a
 * 5xx or a lost connection: it may have been carried out), the result is looked up by its idempotency key, and the
 * create is sent again only when the lookup finds nothing; up to `tries` sends in all. Any other failure is thrown.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  lookup: () => Promise<T | undefined>,
  tries = 3,
): Promise<T> {
  for (let sent = 1; ; sent++) {
    try {
      return await create();
    } catch (error) {
      if (!isAmbiguousFailure(error) || sent >= tries) throw error;
      const found = await lookup();
      if (found !== undefined) return found;
    }
  }
}
