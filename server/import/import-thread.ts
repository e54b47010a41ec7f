import { parentPort } from 'node:worker_threads';
import { failureText } from './failure-text.ts';
import { runImport } from './run-import.ts';
import type { ImportThreadMessage, ImportThreadRequest } from './run-import-in-thread.ts';

// Worker thread entry (see run-import-in-thread.ts), kept in a pool: one import per request,
// reporting progress as it goes. An import that throws (rather than reporting a failure) is
// reported as text: a thrown value crossing the thread boundary may lose its class and message.

const port = parentPort;
if (!port) throw new Error('import-thread.ts runs only as a worker thread');
port.on('message', (request: ImportThreadRequest) => {
  void runImport({
    ...request.options,
    onProgress: (progress) =>
      port.postMessage({ type: 'progress', progress } satisfies ImportThreadMessage),
  }).then(
    (report) => port.postMessage({ type: 'report', report } satisfies ImportThreadMessage),
    (error: unknown) =>
      port.postMessage({
        type: 'failed',
        message: failureText(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      } satisfies ImportThreadMessage),
  );
});
