import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, createStreamRedactor, findSecretValues, isCredentialName } from '../../../src/core/secrets/index.js';

const KEY = 'sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz+/=';
const r = createRedactor([{ name: 'ANTHROPIC_API_KEY', value: KEY }]);
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('createRedactor', () => {
  it('redacts the value raw, URL-encoded and JSON-escaped, and names the variable', () => {
    const text = `key=${KEY} url=https://x/?k=${encodeURIComponent(KEY)} json=${JSON.stringify({ k: `${KEY}\n` })}`;
    const out = r.redact(text);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(encodeURIComponent(KEY));
    expect(out.match(/\[redacted ANTHROPIC_API_KEY\]/g)).toHaveLength(3);
    expect(r.find(text)).toEqual(['ANTHROPIC_API_KEY']);
  });

  it('finds the value inside any base64 text, whatever its offset (an Authorization: basic header, an encoded env file)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.boolean(), (before, after, urlSafe) => {
        let encoded = b64(`${before}${KEY}${after}`);
        if (urlSafe) encoded = encoded.replace(/\+/g, '-').replace(/\//g, '_');
        expect(r.find(encoded)).toEqual(['ANTHROPIC_API_KEY']);
        const out = r.redact(encoded);
        // What is left of the encoding no longer decodes to the key at any offset.
        for (const part of out.split('[redacted ANTHROPIC_API_KEY]'))
          for (let o = 0; o < 4; o++) expect(Buffer.from(part.slice(o), urlSafe ? 'base64url' : 'base64').toString('latin1')).not.toContain(KEY.slice(2, -2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves short values alone (a port, "true"), and text without a secret as it is', () => {
    const short = createRedactor([{ name: 'X_TOKEN', value: 'true' }]);
    expect(short.secrets).toEqual([]);
    expect(short.redact('it is true')).toBe('it is true');
    const doc = { a: ['x', { b: 'y' }], n: 1 };
    expect(r.redactDeep(doc)).toEqual(doc);
    expect(r.redactDeep({ [KEY]: [KEY, 2] })).toEqual({ '[redacted ANTHROPIC_API_KEY]': ['[redacted ANTHROPIC_API_KEY]', 2] });
  });

  it('a stream never lets a secret through, however the output is cut into pieces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), fc.array(fc.nat({ max: 200 }), { maxLength: 12 }), fc.boolean(), (a, b, cuts, encode) => {
        const text = `${a}${encode ? b64(`=${KEY}=`) : KEY}${b}${KEY}`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const stream = createStreamRedactor(r);
        let out = '';
        let at = 0;
        for (const p of [...points, text.length]) {
          out += stream.push(text.slice(at, p));
          at = p;
        }
        out += stream.end();
        expect(out).toBe(r.redact(text));
        expect(out).not.toContain(KEY);
      }),
      { numRuns: 500 },
    );
  });
});

describe('credential names', () => {
  it('knows the variables of the AI tools, GitHub, the runner, the cloud and the app, and names shaped like secrets', () => {
    for (const n of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'CODEX_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'GITHUB_TOKEN', 'INPUT_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'WEBHOOK_SECRET', 'PRIVATE_KEY', 'MY_SERVICE_PASSWORD', 'STRIPE_SECRET_KEY'])
      expect(isCredentialName(n), n).toBe(true);
    for (const n of ['PATH', 'HOME', 'TOKENIZERS_PARALLELISM', 'AWS_REGION', 'ACTIONS_RUNTIME_URL', 'GITHUB_REPOSITORY', 'KEYBOARD']) expect(isCredentialName(n), n).toBe(false);
    expect(findSecretValues({ PATH: '/usr/bin:/bin', OPENAI_API_KEY: 'sk-proj-0123456789', SHORT_TOKEN: 'abc', ANTHROPIC_API_KEY: undefined })).toEqual([{ name: 'OPENAI_API_KEY', value: 'sk-proj-0123456789' }]);
  });
});
