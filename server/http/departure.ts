import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { MAX_BATCH_CALLS } from '../domain/request-limits.ts';

/** Whether a client left before its answer was complete, and a signal that says so. */
export interface Departure {
  readonly left: boolean;
  /** Aborted when the client leaves (already aborted if it has). */
  readonly signal: AbortSignal;
}

/**
 * Watches `res` for a client that goes away before the answer ends. The signal is made only
 * when something asks for it (a query queued for a worker): most answers never need one, and an
 * AbortController per request was a measurable share of the main thread (docs/throughput.md).
 */
export function departureOf(res: ServerResponse): Departure {
  let left = false;
  let controller: AbortController | null = null;
  res.once('close', () => {
    if (res.writableEnded) return;
    left = true;
    controller?.abort();
  });
  return {
    get left() {
      return left;
    },
    get signal() {
      if (!controller) {
        controller = new AbortController();
        // Every query of a batch (up to MAX_BATCH_CALLS) listens on it; Node's default of 10
        // would log a false "possible leak" warning for each full batch.
        setMaxListeners(MAX_BATCH_CALLS + 4, controller.signal);
        if (left) controller.abort();
      }
      return controller.signal;
    },
  };
}
