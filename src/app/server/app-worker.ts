import { parentPort, workerData } from 'node:worker_threads';
import uetApp from '../index.js';
import { createAppProbot } from './create-app-probot.js';
import { parseDeliveryPayload } from './delivery-inbox.js';
import { lowerThreadPriority } from './lower-thread-priority.js';
import { DEFAULT_WORKER_NICE, type AppSettings } from './read-app-settings.js';

/** A delivery for the worker: the verified raw body (its memory transferred), parsed here. */
export interface WorkerDelivery {
  readonly seq: number;
  readonly id: string;
  readonly name: string;
  readonly body: Uint8Array;
}

export type WorkerAnswer =
  { seq: number; ok: true } | { seq: number; ok: false; error: string } | { ready: true };

/**
 * The worker thread that runs the UET app (its handlers and its reconciler), so that their work never delays the
 * HTTP front's acknowledgements on the main thread. It takes verified deliveries and answers when each is handled.
 */
const port = parentPort!;
const settings = workerData as AppSettings;
// Below the HTTP front: when the cores are busy, an acknowledgement does not wait behind a handler's work.
const nice = settings.workerNice ?? DEFAULT_WORKER_NICE;
const priority = lowerThreadPriority(nice);
const probot = await createAppProbot(settings);
if (!priority.ok && nice > 0) probot.log.warn(`uet: the app worker runs at the front's priority: ${priority.reason}`);
await probot.load(uetApp);
port.on('message', (d: WorkerDelivery) => {
  Promise.resolve()
    .then(() =>
      probot.receive({ id: d.id, name: d.name, payload: parseDeliveryPayload(d.body) } as Parameters<
        typeof probot.receive
      >[0]),
    )
    .then(
      () => port.postMessage({ seq: d.seq, ok: true } satisfies WorkerAnswer),
      (error: unknown) =>
        port.postMessage({ seq: d.seq, ok: false, error: describe(error) } satisfies WorkerAnswer),
    );
});
port.postMessage({ ready: true } satisfies WorkerAnswer);

function describe(error: unknown): string {
  const errors = error instanceof AggregateError ? error.errors : [error];
  return errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
}
