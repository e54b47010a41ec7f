import type { Kysely } from 'kysely';
import type { Database, GrantStatus } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import type { Scope } from '../../domain/scope.ts';
import {
  compileListScan,
  getDataCodes,
  iterateGrantTuples,
  iterateUnitTuples,
} from '../../queries/raw-lists.ts';
import { sqliteFileOf } from '../../queries/raw-scan.ts';
import { getReferenceMaps } from '../../queries/reference-lookup.ts';
import { resolveFilters } from '../../queries/resolve-filters.ts';
import {
  GRANT_COLUMNS,
  grantRowMapper,
  listNamesOf,
  unitColumns,
  unitRowMapper,
  type ListNames,
} from '../list-rows.ts';
import { csvFromWorker, rowsFromWorker } from '../list-stream.ts';
import type { ExportColumn, ExportTable, Lang, Row } from '../table.ts';

/**
 * The raw filtered lists. On a SQLite file they are read in one forward scan in a worker thread
 * (list-stream.ts), which also writes the CSV; on PostgreSQL (or an in-memory SQLite) in keyset
 * pages here. Either way rows come from the same SQL (raw-lists.ts) through the same mapper
 * (list-rows.ts), and nothing holds more than a chunk.
 */

/** Rows per worker chunk: about 1 MB of CSV for grants. */
const BATCH_ROWS = 4000;

type ListSpec = { kind: 'units' } | { kind: 'grants'; statuses: readonly GrantStatus[] };

async function listTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  spec: ListSpec,
  columns: ExportColumn[],
  names: ListNames,
): Promise<ExportTable> {
  const file = await sqliteFileOf(db);
  if (file) {
    const { sql, parameters } = await compileListScan(db, scope, filters, spec);
    const job = { kind: spec.kind, file, query: { sql, parameters }, names, columns };
    return {
      columns,
      chunks: rowsFromWorker({ ...job, batchRows: BATCH_ROWS }),
      csvBody: () => csvFromWorker({ ...job, batchRows: BATCH_ROWS }),
    };
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
): Promise<ExportTable> {
  const [rf, names] = await Promise.all([resolveFilters(db, scope, filters), namesOf(db, lang)]);
  return listTable(db, scope, filters, { kind: 'units' }, unitColumns(rf), names);
}

/** Grants of the range (disbursed only unless `status` says otherwise), one row each. */
export async function grantsTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  statuses: readonly GrantStatus[],
  lang: Lang,
): Promise<ExportTable> {
  const [, names] = await Promise.all([resolveFilters(db, scope, filters), namesOf(db, lang)]);
  return listTable(db, scope, filters, { kind: 'grants', statuses }, [...GRANT_COLUMNS], names);
}
