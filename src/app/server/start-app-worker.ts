import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerDelivery } from './app-worker.js';
import type { Delivery } from './delivery-inbox.js';
import type { AppSettings } from './read-app-settings.js';

export interface AppWorker {
  /** Hands a delivery to the app in the worker; resolves once its handlers are done, rejects with their error. */
  receive(delivery: Delivery): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the worker thread that runs the UET app (`app-worker.ts`) and waits until the app is loaded. If the worker
 * dies, `onExit` is called (the entry point exits: a supervisor restarts it, and the reconciler catches up).
 */
export async function startAppWorker(
  settings: AppSettings,
  onExit: (reason: string) => void,
): Promise<AppWorker> {
  const worker = import.meta.url.endsWith('.ts')
    ? // Running from the sources (tests, benchmarks): the worker registers tsx before it loads the TypeScript.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); ` +
          `return import(${JSON.stringify(new URL('./app-worker.ts', import.meta.url).href)}); })`,
        { eval: true, workerData: settings },
      )
    : new Worker(new URL('./app-worker.js', import.meta.url), { workerData: settings });
  const pending = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let seq = 0;
  let stopping = false;
  const failAll = (reason: string) => {
    for (const p of pending.values()) p.reject(new Error(reason));
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    const early = (error: Error) => reject(error);
    worker.once('error', early);
    worker.once('exit', (code) => reject(new Error(`the app worker exited ${code} while loading`)));
    worker.on('message', (answer: WorkerAnswer) => {
      if ('ready' in answer) {
        worker.off('error', early);
        worker.removeAllListeners('exit');
        return resolve();
      }
      const p = pending.get(answer.seq);
      pending.delete(answer.seq);
      if (answer.ok) p?.resolve();
      else p?.reject(new Error(answer.error));
    });
  });
  worker.on('error', (error) => failAll(`the app worker failed: ${error.message}`));
  worker.on('exit', (code) => {
    failAll(`the app worker exited ${code}`);
    if (!stopping) onExit(`the app worker exited ${code}`);
  });
  return {
    receive(delivery) {
      const message: WorkerDelivery = {
        seq: ++seq,
        id: delivery.id,
        name: delivery.name,
        body: delivery.body,
      };
      return new Promise<void>((resolve, reject) => {
        pending.set(message.seq, { resolve, reject });
        // The body's memory moves to the worker (no copy) when the buffer is its own; a slice of a shared one is
        // copied.
        const { body } = delivery;
        const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
        worker.postMessage(message, owned ? [body.buffer as ArrayBuffer] : []);
      });
    },
    async stop() {
      stopping = true;
      await worker.terminate();
    },
  };
}
