// The acknowledgement benchmark's reference: the least a webhook receiver can do. A plain `node:http` server that
// reads the body, checks its HMAC-SHA256 against X-Hub-Signature-256 (constant-time compare) and answers 202, with
// nothing behind it. Run as its own process (`node --import tsx bench/bare-webhook-server.ts <secret>`), as the
// app is, so that both are measured the same way. Prints `listening on <url>`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/** Starts the reference server on a free loopback port; resolves with its URL. */
export async function startBareWebhookServer(
  secret: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const answer = (res: ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': 2 });
    res.end('{}');
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      answer(res, given.length === expected.length && timingSafeEqual(given, expected) ? 202 : 401);
    });
  };
  const server = createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startBareWebhookServer(process.argv[2] ?? '');
  process.stdout.write(`listening on ${server.url}\n`);
}
