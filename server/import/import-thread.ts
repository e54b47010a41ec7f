import { parentPort, workerData } from 'node:worker_threads';
import { runImport, type ImportOptions } from './run-import.ts';
import type { ImportThreadMessage } from './run-import-in-thread.ts';

// Worker thread entry (see run-import-in-thread.ts): one import, reporting progress as it goes.

const port = parentPort;
if (!port) throw new Error('import-thread.ts runs only as a worker thread');
const options = workerData as Omit<ImportOptions, 'onProgress' | 'now'>;
const report = await runImport({
  ...options,
  onProgress: (progress) =>
    port.postMessage({ type: 'progress', progress } satisfies ImportThreadMessage),
});
port.postMessage({ type: 'report', report } satisfies ImportThreadMessage);
