// The server runs imports in a worker thread: reading, validating, writing and above all
// rebuilding the rollups (a minute and more at 10M grants, in long synchronous steps) would
// otherwise stall every dashboard request the process serves meanwhile.
import { sharedPool } from '../threads/shared-pools.ts';
import { failureText } from './failure-text.ts';
import type { ImportReport } from './report.ts';
import type { ImportOptions, ImportProgress } from './run-import.ts';

export type ImportThreadMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'report'; report: ImportReport }
  /** runImport threw (it could not even open its target): what it threw, as text. */
  | { type: 'failed'; message: string; stack: string | null };

/** An import thread's failure as an Error whose message says what went wrong. */
function threadFailure(message: string, stack: string | null): Error {
  const error = new Error(`the import thread failed: ${message}`);
  if (stack) error.stack = `${error.name}: ${error.message}\n(in the import thread) ${stack}`;
  return error;
}

/** What the import thread is sent: one import's options (its clock is the thread's own). */
export interface ImportThreadRequest {
  options: Omit<ImportOptions, 'onProgress' | 'now'>;
}

/**
 * runImport in a worker thread (the import pool's, started once and kept), with the same options
 * (but a clock: the thread keeps its own) and the same report; progress arrives through
 * `onProgress` on this thread.
 */
export async function runImportInThread(
  options: Omit<ImportOptions, 'now'>,
): Promise<ImportReport> {
  const { onProgress, ...data } = options;
  const [lease] = await sharedPool('import').acquire(1);
  if (!lease) throw new Error('no import thread');
  let reusable = false;
  try {
    return await new Promise<ImportReport>((resolve, reject) => {
      lease.on('message', (m: ImportThreadMessage) => {
        if (m.type === 'progress') onProgress?.(m.progress);
        else if (m.type === 'failed') reject(threadFailure(m.message, m.stack));
        else {
          reusable = true;
          resolve(m.report);
        }
      });
      // The thread died (an error outside runImport): what it threw arrives cloned, maybe as a
      // plain object, which a log would print as "[object Object]".
      lease.on('error', (error: unknown) =>
        reject(error instanceof Error ? error : threadFailure(failureText(error), null)),
      );
      lease.on('exit', (code) =>
        reject(new Error(`the import thread stopped (exit code ${code})`)),
      );
      lease.worker.postMessage({ options: data } satisfies ImportThreadRequest);
    });
  } finally {
    lease.release(reusable);
  }
}
