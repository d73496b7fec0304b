// The acknowledgement benchmark's client: signed webhook deliveries over keep-alive loopback connections, `concurrency`
// in flight, each connection sending its next delivery as soon as the last one is answered. The requests are
// serialised before the clock starts and written to raw sockets, and only the status line and Content-Length of the
// answer are read: Node's `http.request` costs the client about 0.4 ms of CPU per delivery, and with 50 in flight
// that client time, not the server's, made most of the latency measured (each answer waits for the client's turn).
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A signed delivery, built before the clock starts: only the HTTP exchange is measured. */
export interface Signed {
  readonly body: string;
  readonly signature: string;
}

/** GitHub's patience: a delivery not answered 2xx within 10 s is recorded as failed. */
export const TIMEOUT_MS = 10_000;

/** The bytes of one POST of `delivery` to `url` (with a fresh X-GitHub-Delivery id). */
export function serialiseDelivery(url: URL, delivery: Signed): Buffer {
  const body = Buffer.from(delivery.body);
  const head =
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nX-GitHub-Event: issue_comment\r\n` +
    `X-GitHub-Delivery: ${randomUUID()}\r\nX-Hub-Signature-256: ${delivery.signature}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

/** One keep-alive connection: sends a request, resolves with the answer's status (0 when the connection failed). */
function openConnection(url: URL): { send(request: Buffer): Promise<number>; close(): void } {
  let socket: Socket | undefined;
  let pending: ((status: number) => void) | undefined;
  let received: Buffer = Buffer.alloc(0);
  const settle = (status: number) => {
    const done = pending;
    pending = undefined;
    received = Buffer.alloc(0);
    done?.(status);
  };
  const onData = (chunk: Buffer) => {
    received = received.length ? Buffer.concat([received, chunk]) : chunk;
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = received.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (received.length < end + 4 + length) return;
    settle(Number(head.slice(9, 12)));
  };
  const open = () => {
    const s = connect(Number(url.port), url.hostname);
    s.setNoDelay(true);
    s.on('data', onData);
    s.on('error', () => undefined);
    s.on('close', () => {
      // A connection closed by `close()` (after a timeout) settles nothing: a newer request may be pending.
      if (socket !== s) return;
      socket = undefined;
      settle(0);
    });
    return s;
  };
  return {
    send(request) {
      socket ??= open();
      return new Promise((resolve) => {
        pending = resolve;
        socket!.write(request);
      });
    },
    close() {
      const s = socket;
      socket = undefined;
      s?.destroy();
    },
  };
}

export interface DeliveryClient {
  /**
   * Posts every request over the client's connections, each sending its next request as soon as the last one is
   * answered; returns the acknowledgement time of each in ms, or undefined when it got no 2xx within TIMEOUT_MS
   * (GitHub would have dropped it).
   */
  send(requests: readonly Buffer[]): Promise<(number | undefined)[]>;
  close(): void;
}

/**
 * `concurrency` keep-alive connections to `url`, opened on first use and kept across calls of `send`: a benchmark
 * that sends in rounds measures the server's steady state, not a burst of `concurrency` new connections at the
 * start of every round (a connection closed after a timeout is opened again on its next request).
 */
export function createDeliveryClient(url: URL, concurrency: number): DeliveryClient {
  const connections = Array.from({ length: concurrency }, () => openConnection(url));
  return {
    async send(requests) {
      const acks: (number | undefined)[] = [];
      let next = 0;
      const run = async (connection: ReturnType<typeof openConnection>) => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const started = performance.now();
          let timer: NodeJS.Timeout | undefined;
          const status = await Promise.race([
            connection.send(request),
            new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
          const ms = performance.now() - started;
          if (status === -1) connection.close(); // its late answer must not be read as the next one's
          acks.push(status >= 200 && status < 300 ? ms : undefined);
        }
      };
      await Promise.all(connections.map(run));
      return acks;
    },
    close: () => connections.forEach((c) => c.close()),
  };
}

/** Posts every request with `concurrency` new connections, closed at the end (see `DeliveryClient.send`). */
export async function sendDeliveries(
  url: URL,
  requests: readonly Buffer[],
  concurrency: number,
): Promise<(number | undefined)[]> {
  const client = createDeliveryClient(url, concurrency);
  try {
    return await client.send(requests);
  } finally {
    client.close();
  }
}
