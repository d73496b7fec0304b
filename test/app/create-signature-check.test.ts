import { sign, verify } from '@octokit/webhooks-methods';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSignatureCheck } from '../../src/app/server/create-signature-check.js';

// Contract test: the front's check over raw bytes agrees with @octokit/webhooks' verify (over the decoded string),
// the check Probot makes, for any secret and any UTF-8 body, on right and wrong signatures.
describe('the signature check agrees with @octokit/webhooks-methods verify', () => {
  it('on the right signature, another secret, another body, and a damaged signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'binary' }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1, unit: 'binary' }),
        fc.nat(70),
        async (secret, body, other, at) => {
          const check = createSignatureCheck(secret);
          const right = await sign(secret, body);
          const damaged = right.slice(0, at) + (right[at] === '0' ? '1' : '0') + right.slice(at + 1);
          for (const signature of [
            right,
            await sign(`${secret}x`, body),
            await sign(secret, `${body}${other}`),
            damaged,
          ]) {
            expect(await check(Buffer.from(body, 'utf8'), signature)).toBe(
              await verify(secret, body, signature),
            );
          }
          expect(await check(Buffer.from(body, 'utf8'), right)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an empty secret', () => {
    expect(() => createSignatureCheck('')).toThrow(/the webhook secret is empty/);
  });
});
