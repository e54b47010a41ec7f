import type { Kysely } from 'kysely';
import type { Database, GrantStatus } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import type { Scope } from '../../domain/scope.ts';
import {
  compileListScan,
  countGrantList,
  countUnitList,
  getDataCodes,
  iterateGrantTuples,
  iterateUnitTuples,
} from '../../engine/sql/raw-lists.ts';
import { sqliteFileOf } from '../../engine/sql/raw-scan.ts';
import {
  getReferenceMaps,
  SIZE_NAMES,
  type ReferenceMaps,
} from '../../engine/facts/reference-lookup.ts';
import { resolveFilters } from '../../engine/filters/resolve-filters.ts';
import {
  grantColumns,
  grantRowMapper,
  unitColumns,
  unitRowMapper,
  type ListNames,
} from '../list-rows.ts';
import { countInWorker, csvFromWorkers, listWorkerCount, rowsFromWorkers } from '../list-stream.ts';
import type { ExportColumn, ExportTable, Lang, Row } from '../table.ts';

/**
 * The raw filtered lists. A large list on a SQLite file is read in id stripes by worker threads
 * (list-stream.ts), which also write the CSV; PostgreSQL, an in-memory SQLite and small lists are
 * read in keyset pages here. Either way rows come from the same SQL (raw-lists.ts) through the same mapper
 * (list-rows.ts), and nothing holds more than a chunk.
 */

/** Ids per worker stripe: at most that many rows, about 1 MB of grants CSV. */
const STRIPE_IDS = 4000;

export interface ListReadOptions {
  /**
   * Lists whose table holds more ids than this are read in worker threads (SQLite files only);
   * smaller ones in keyset pages on this thread, which costs less than starting a worker.
   */
  workerAbove?: number;
  /** Worker threads for a CSV list (default: two where there are two cores). */
  workers?: number;
  /** Rows per slice of a drill list (aggregates.ts DRILL_SLICE_ROWS; tests lower it). */
  drillSliceRows?: number;
}

/** Default of ListReadOptions.workerAbove. */
export const WORKER_ABOVE = 50_000;

export type ListSpec = { kind: 'units' } | { kind: 'grants'; statuses: readonly GrantStatus[] };

async function listTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  spec: ListSpec,
  columns: ExportColumn[],
  names: ListNames,
  options: ListReadOptions,
): Promise<ExportTable> {
  const file = await sqliteFileOf(db);
  if (file) {
    const { query, maxId } = await compileListScan(db, scope, filters, spec);
    if (maxId > (options.workerAbove ?? WORKER_ABOVE)) {
      const job = {
        kind: spec.kind,
        file,
        query: { sql: query.sql, parameters: query.parameters },
        names,
        columns,
      };
      const scan = { maxId, stripeIds: STRIPE_IDS };
      return {
        columns,
        // The Excel writer, not the read, is the bottleneck there: one worker is enough.
        chunks: rowsFromWorkers(job, { ...scan, workers: 1 }),
        csvBody: () =>
          csvFromWorkers(job, { ...scan, workers: options.workers ?? listWorkerCount() }),
      };
    }
  }
  async function* pages(): AsyncGenerator<Row[]> {
    if (spec.kind === 'units') {
      const toRow = unitRowMapper(names);
      for await (const page of iterateUnitTuples(db, scope, filters)) yield page.map(toRow);
    } else {
      const toRow = grantRowMapper(names);
      for await (const page of iterateGrantTuples(db, scope, filters, spec)) {
        yield page.map(toRow);
      }
    }
  }
  return { columns, chunks: pages() };
}

/** The names a list refers to, in the file's language, as plain data for the workers. */
function listNamesOf(
  refs: ReferenceMaps,
  data: { parks: Map<number, string>; clusters: Map<number, string> },
  lang: Lang,
): ListNames {
  const named = (t: ReferenceMaps['provinces']): [number, string, string][] =>
    [...t.byId.values()].map((m) => [m.id, m.code, lang === 'fa' ? m.nameFa : m.nameEn]);
  return {
    lang,
    provinces: named(refs.provinces),
    sectors: named(refs.sectors),
    headings: named(refs.headings).map(([id, code, name]) => [
      id,
      code,
      name,
      refs.categories.byId.get(refs.categoryOfHeading.get(id) ?? 0)?.code ?? '',
    ]),
    parks: [...data.parks],
    clusters: [...data.clusters],
    sizes: {
      micro: SIZE_NAMES.micro[lang],
      small: SIZE_NAMES.small[lang],
      medium: SIZE_NAMES.medium[lang],
    },
  };
}

async function namesOf(db: Kysely<Database>, lang: Lang): Promise<ListNames> {
  const [refs, data] = await Promise.all([getReferenceMaps(db), getDataCodes(db)]);
  return listNamesOf(refs, data, lang);
}

/**
 * The units the `units` metric counts: those with an employment row in the range's last year.
 * Filters are checked (unknown park → FilterValidationError) before the table is returned.
 */
export async function unitsTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  lang: Lang,
  options: ListReadOptions = {},
): Promise<ExportTable> {
  const [rf, names] = await Promise.all([resolveFilters(db, scope, filters), namesOf(db, lang)]);
  return listTable(db, scope, filters, { kind: 'units' }, unitColumns(rf), names, options);
}

/** Grants of the range (disbursed only unless `status` says otherwise), one row each. */
export async function grantsTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  statuses: readonly GrantStatus[],
  lang: Lang,
  options: ListReadOptions = {},
): Promise<ExportTable> {
  const [rf, names] = await Promise.all([resolveFilters(db, scope, filters), namesOf(db, lang)]);
  const spec = { kind: 'grants', statuses } as const;
  return listTable(db, scope, filters, spec, grantColumns(rf), names, options);
}

const NO_NAMES: ListNames = {
  lang: 'en',
  provinces: [],
  sectors: [],
  headings: [],
  parks: [],
  clusters: [],
  sizes: { micro: '', small: '', medium: '' },
};

/**
 * How many rows a list holds (the Excel sheet check, before any byte is sent). At scale that is
 * a full scan, counted in a worker thread like the list itself so the event loop stays free.
 */
export async function countList(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  spec: ListSpec,
  options: ListReadOptions = {},
): Promise<number> {
  const file = await sqliteFileOf(db);
  if (file) {
    const { query, maxId } = await compileListScan(db, scope, filters, spec);
    if (maxId > (options.workerAbove ?? WORKER_ABOVE)) {
      const { sql, parameters } = query;
      const job = {
        kind: spec.kind,
        file,
        query: { sql, parameters },
        names: NO_NAMES,
        columns: [],
      };
      return countInWorker(job, maxId);
    }
  }
  return spec.kind === 'units'
    ? countUnitList(db, scope, filters)
    : countGrantList(db, scope, filters, { statuses: spec.statuses });
}
