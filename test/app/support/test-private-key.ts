import { generateKeyPairSync } from 'node:crypto';

let key: string | undefined;

/** An RSA private key (PKCS#8 PEM) for the test app's JWTs: made once per test file, on first use. */
export const testPrivateKey = (): string =>
  (key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey);
