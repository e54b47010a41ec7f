import type { LogEvent } from 'kysely';

/** One statement Kysely ran on this thread's connections, as /metrics and the slow-query log see it. */
export interface QueryObservation {
  sql: string;
  /** The first table it reads or writes (`select … from "units"` → units): the metrics' source. */
  source: string;
  ms: number;
  failed: boolean;
}

type Observer = (observation: QueryObservation) => void;
const observers = new Set<Observer>();

/** Calls `observer` after every query on this thread; returns the function that stops it. */
export function observeQueries(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

const SOURCE = /\b(?:from|into|update|join)\s+"?([a-z_][a-z0-9_]*)"?/i;

/** Kysely's `log` hook (connect.ts): free when nobody observes. */
export function queryLog(event: LogEvent): void {
  if (observers.size === 0) return;
  const sql = event.query.sql;
  const observation: QueryObservation = {
    sql,
    source: SOURCE.exec(sql)?.[1]?.toLowerCase() ?? 'other',
    ms: event.queryDurationMillis,
    failed: event.level === 'error',
  };
  for (const observer of observers) observer(observation);
}
