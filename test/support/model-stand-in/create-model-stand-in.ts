import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicError, buildAnthropicStream } from './anthropic-stream.js';
import { reply, type ModelTurn } from './model-turn.js';
import { buildResponsesStream, openaiError } from './responses-stream.js';

/** Every request the stand-in saw, model calls or not (a preflight, a websocket upgrade, a proxy CONNECT). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: unknown;
  readonly api: 'anthropic' | 'openai' | 'other';
  /** A websocket upgrade or a CONNECT (proxy) request. */
  readonly kind: 'http' | 'upgrade' | 'connect';
}

/** A test's script: the answers to successive model requests, or a function of the request. */
export type ModelScript = readonly ModelTurn[] | ((request: RecordedRequest, index: number) => ModelTurn);

export interface ModelStandIn {
  /** `http://127.0.0.1:<port>`: ANTHROPIC_BASE_URL as it is. */
  readonly url: string;
  /** `<url>/v1`: OPENAI_BASE_URL as Codex wants it. */
  readonly openaiBaseUrl: string;
  readonly requests: RecordedRequest[];
  /** The model calls (Messages or Responses API) among the requests. */
  modelRequests(): RecordedRequest[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

function apiOf(method: string, url: string): RecordedRequest['api'] {
  const path = url.split('?')[0]!;
  if (method === 'POST' && /\/v1\/messages$/.test(path)) return 'anthropic';
  if (method === 'POST' && /\/responses$/.test(path)) return 'openai';
  return 'other';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function answerModel(res: http.ServerResponse, req: RecordedRequest, turn: ModelTurn, n: number): void {
  if (turn.kind === 'hang') return; // the socket stays open until the client gives up or the server closes
  const model = (req.body as { model?: string } | null)?.model ?? 'stand-in-model';
  if (turn.kind === 'error') {
    const type = turn.type ?? ERROR_TYPES[turn.status] ?? 'api_error';
    const message = turn.message ?? `stand-in error ${turn.status}`;
    res.writeHead(turn.status, { 'content-type': 'application/json', 'request-id': `req_standin_${n}` });
    res.end(JSON.stringify(req.api === 'openai' ? openaiError(type, message) : anthropicError(type, message)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_standin_${n}` });
  res.end(req.api === 'openai' ? buildResponsesStream(turn, model, n) : buildAnthropicStream(turn, model, n));
}

/**
 * A loopback model endpoint for the real AI CLIs (docs/tools.md): just enough of the Anthropic Messages API and of
 * the OpenAI Responses API, streamed as server-sent events, following a script per test. Claude Code's preflight
 * `HEAD /api/hello` gets 200; Codex's websocket upgrade on the Responses path gets 404 (it then falls back to
 * SSE). Every request is recorded, so a test can assert what the real CLI sent, or that it sent nothing.
 * Listens on 127.0.0.1 only; once the script is used up, every model call gets a plain "Done." reply.
 */
export async function createModelStandIn(script: ModelScript = []): Promise<ModelStandIn> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let calls = 0;
  const next = (req: RecordedRequest): ModelTurn => {
    const i = calls++;
    if (typeof script === 'function') return script(req, i);
    return script[i] ?? reply('Done.');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const rec: RecordedRequest = {
        method,
        url,
        headers: req.headers,
        body: parse(Buffer.concat(chunks).toString('utf8')),
        api: apiOf(method, url),
        kind: 'http',
      };
      requests.push(rec);
      if (/\/api\/hello$/.test(url.split('?')[0]!)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(method === 'HEAD' ? undefined : '{}');
      } else if (method === 'POST' && /\/v1\/messages\/count_tokens$/.test(url.split('?')[0]!)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: 100 }));
      } else if (rec.api !== 'other') answerModel(res, rec, next(rec), calls);
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'not_found_error', message: `stand-in: no route ${method} ${url}` } }));
      }
    });
  });
  const refuse = (kind: 'upgrade' | 'connect') => (req: http.IncomingMessage, socket: Socket) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: '', api: 'other', kind });
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  };
  server.on('upgrade', refuse('upgrade'));
  server.on('connect', refuse('connect'));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    modelRequests: () => requests.filter((r) => r.api !== 'other'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
