import {
  BIGINT,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import SQLite from 'better-sqlite3';
import type { Filters } from '../server/domain/filters.ts';
import type { BenchCase } from './cases.ts';
import { captureRawSql } from './capture-db.ts';
import { latencyOf, since, type Latency } from './stats.ts';

/** The base-table columns the engine's raw SQL reads, with their DuckDB types. */
const TABLES: { name: string; columns: [string, DuckDBType][] }[] = [
  {
    name: 'units',
    columns: [
      ['id', INTEGER],
      ['province_id', INTEGER],
      ['park_id', INTEGER],
      ['cluster_id', INTEGER],
      ['sector_id', INTEGER],
    ],
  },
  {
    name: 'employment',
    columns: [
      ['unit_id', INTEGER],
      ['year', INTEGER],
      ['employees', INTEGER],
    ],
  },
  {
    name: 'grants',
    columns: [
      ['unit_id', INTEGER],
      ['heading_id', INTEGER],
      ['year', INTEGER],
      ['month', INTEGER],
      ['status', VARCHAR],
      ['disbursed_amount', BIGINT],
    ],
  },
  {
    name: 'support_headings',
    columns: [
      ['id', INTEGER],
      ['category_id', INTEGER],
    ],
  },
];

const CHUNK = 2048; // DuckDB's vector size: the most rows one data chunk holds

export interface DuckDb {
  connection: DuckDBConnection;
  loadSeconds: number;
  close(): void;
}

/**
 * Copies the base tables from the SQLite file into an in-memory DuckDB through the Node API
 * (data chunks through an appender). DuckDB's sqlite extension would attach the file directly,
 * but it must be downloaded, which this machine cannot; the copy is timed and reported apart.
 */
export async function loadDuckDb(file: string, log: (message: string) => void): Promise<DuckDb> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // SQLite and PostgreSQL divide integers as integers (quarterOf relies on it); DuckDB must too.
  await connection.run('SET integer_division = true');
  const sqlite = new SQLite(file, { readonly: true });
  try {
    for (const table of TABLES) {
      const cols = table.columns.map(([name, type]) => `${name} ${type.toString()}`).join(', ');
      await connection.run(`CREATE TABLE ${table.name} (${cols})`);
      const appender = await connection.createAppender(table.name);
      const types = table.columns.map(([, type]) => type);
      const bigint = table.columns.map(([, type]) => type === BIGINT);
      const select = sqlite
        .prepare(`select ${table.columns.map(([n]) => n).join(', ')} from ${table.name}`)
        .raw(true);
      let columns: DuckDBValue[][] = types.map(() => []);
      let rows = 0;
      const flush = () => {
        const n = columns[0]?.length ?? 0;
        if (n === 0) return;
        const chunk = DuckDBDataChunk.create(types, n);
        chunk.setColumns(columns);
        appender.appendDataChunk(chunk);
        columns = types.map(() => []);
      };
      for (const row of select.iterate() as Iterable<unknown[]>) {
        for (let i = 0; i < row.length; i++) {
          const v = row[i];
          (columns[i] as DuckDBValue[]).push(
            v === null || v === undefined
              ? null
              : bigint[i]
                ? BigInt(v as number)
                : (v as DuckDBValue),
          );
        }
        if (++rows % CHUNK === 0) flush();
      }
      flush();
      appender.closeSync();
      log(`  duckdb: loaded ${table.name} (${rows} rows)`);
    }
  } finally {
    sqlite.close();
  }
  return {
    connection,
    loadSeconds: since(started) / 1000,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export interface DuckCaseResult extends Latency {
  label: string;
  /** Statements per call (the engine's raw SQL for the question: current + previous range…). */
  statements: number;
  errors: number;
  firstError?: string;
}

/**
 * For each case and filter set: captures the SQL the engine runs on the raw tables for that
 * question (query functions with `source: 'raw'` over a capturing connection), then times
 * DuckDB running those statements one after another.
 */
export async function benchDuckDb(
  duck: DuckDb,
  file: string,
  cases: readonly BenchCase[],
  filterSets: readonly Filters[],
  budgetSeconds: number,
  log: (message: string) => void,
): Promise<DuckCaseResult[]> {
  const capture = captureRawSql(file);
  const results: DuckCaseResult[] = [];
  try {
    for (const c of cases) {
      if (!c.raw) continue;
      const times: number[] = [];
      let errors = 0;
      let statements = 0;
      let firstError: string | undefined;
      let warm = false;
      const started = performance.now();
      for (const filters of filterSets) {
        await c.raw(capture.db, filters);
        const sqls = capture.take();
        statements = Math.max(statements, sqls.length);
        try {
          if (!warm) {
            for (const s of sqls) await duck.connection.runAndReadAll(s);
            warm = true;
          }
          const t0 = performance.now();
          for (const s of sqls) await duck.connection.runAndReadAll(s);
          times.push(since(t0));
        } catch (error) {
          errors++;
          firstError ??= `${String(error)} in: ${sqls.join('; ').slice(0, 300)}`;
        }
        if (since(started) > budgetSeconds * 1000) break;
      }
      const result: DuckCaseResult = { label: c.label, ...latencyOf(times), statements, errors };
      if (firstError) result.firstError = firstError;
      results.push(result);
      log(
        `  duckdb ${c.label}: p50 ${result.p50} ms, p95 ${result.p95} ms (n=${result.n}${firstError ? `, ${errors} errors: ${firstError.slice(0, 300)}` : ''})`,
      );
    }
  } finally {
    await capture.close();
  }
  return results;
}
