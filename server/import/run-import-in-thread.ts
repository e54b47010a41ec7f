// The server runs imports in a worker thread: reading, validating, writing and above all
// rebuilding the rollups (a minute and more at 10M grants, in long synchronous steps) would
// otherwise stall every dashboard request the process serves meanwhile.
import { startTsWorker } from '../threads/start-ts-worker.ts';
import type { ImportReport } from './report.ts';
import type { ImportOptions, ImportProgress } from './run-import.ts';

export type ImportThreadMessage =
  { type: 'progress'; progress: ImportProgress } | { type: 'report'; report: ImportReport };

const IMPORT_THREAD = new URL('./import-thread.ts', import.meta.url).href;

/**
 * runImport in a worker thread, with the same options (but a clock: the thread keeps its own)
 * and the same report; progress arrives through `onProgress` on this thread.
 */
export function runImportInThread(options: Omit<ImportOptions, 'now'>): Promise<ImportReport> {
  const { onProgress, ...data } = options;
  const worker = startTsWorker(IMPORT_THREAD, data);
  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: ImportThreadMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else {
        settled = true;
        resolve(m.report);
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import thread stopped (exit code ${code})`));
    });
  });
}
