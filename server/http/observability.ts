import type { Kysely } from 'kysely';
import { startSessionSweep } from '../auth/session-sweep.ts';
import { observeQueries } from '../db/query-observer.ts';
import type { Database } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { observeQuery } from './metrics.ts';
import type { RequestLogLine } from './request-log.ts';

/** Where the JSON lines go: stdout, one object per line (a log shipper's favourite shape). */
export type LineSink = (line: object) => void;
const stdoutSink: LineSink = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

/**
 * What `npm start` and `npm run dev` watch: query metrics, the slow-query log (a `slow-query`
 * line with the SQL, never its parameters), the periodic session sweep, and the request log to
 * hand to createHttpServer. Returns it with the function that stops the rest.
 */
export function startObservability(
  env: Env,
  db: Kysely<Database>,
  sink: LineSink = stdoutSink,
): {
  requestLog: ((line: RequestLogLine) => void) | undefined;
  /** Where other watchers' lines go (the same stream). */
  sink: LineSink;
  stop: () => void;
} {
  const stopQueries = observeQueries((q) => {
    observeQuery(q);
    if (q.ms >= env.SLOW_QUERY_MS) {
      sink({
        type: 'slow-query',
        time: new Date().toISOString(),
        ms: Math.round(q.ms),
        source: q.source,
        sql: q.sql,
      });
    }
  });
  const stopSweep = startSessionSweep(db, {
    report: (error) =>
      sink({
        type: 'error',
        time: new Date().toISOString(),
        what: 'session sweep',
        error: String(error),
      }),
  });
  return {
    requestLog: env.REQUEST_LOG === 'on' ? (line) => sink({ type: 'request', ...line }) : undefined,
    sink,
    stop: () => {
      stopQueries();
      stopSweep();
    },
  };
}
