const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface HeldSignals {
  /** The first stop signal that arrived while held, if any. */
  readonly received: () => NodeJS.Signals | undefined;
  /** Restores the default handling (call right after the next owner installed its handlers). */
  release(): void;
}

/**
 * Holds Ctrl-C, SIGTERM and SIGHUP back while a run is being created, so that none can stop the process between two
 * of its writes (a run branch without a log, a lock's temp file): the signal is only recorded, and the creator undoes
 * what it wrote and exits as interrupted once it is at a consistent point.
 */
export function holdStopSignals(): HeldSignals {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => void (received ??= signal);
  for (const s of STOP_SIGNALS) process.on(s, hold);
  return {
    received: () => received,
    release() {
      for (const s of STOP_SIGNALS) process.off(s, hold);
    },
  };
}
