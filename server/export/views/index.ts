import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JalaliDate } from '../../domain/jalali.ts';
import type { Scope } from '../../domain/scope.ts';
import type { QueryOptions } from '../../engine/planner/query-plan.ts';
import type { ExportRequest } from '../request.ts';
import type { ExportTable } from '../table.ts';
import {
  breakdownTable,
  drillTable,
  provincesTable,
  summaryTable,
  timeseriesTable,
} from './aggregates.ts';
import { impactTable } from './impact.ts';
import { grantsTable, unitsTable, type ListReadOptions } from './lists.ts';

/**
 * The table behind a view, built from the request's parsed filters under the caller's scope;
 * `today` (the Jalali date of the export) is the plan's clock.
 */
export function buildTable(
  db: Kysely<Database>,
  scope: Scope,
  request: ExportRequest,
  today: JalaliDate,
  listOptions: ListReadOptions = {},
  queries: QueryOptions = {},
): Promise<ExportTable> {
  const { filters, lang } = request;
  switch (request.view) {
    case 'summary':
      return summaryTable(db, scope, filters, lang);
    case 'breakdown':
      return breakdownTable(db, scope, filters, request.options, lang, today, queries);
    case 'provinces':
      return provincesTable(db, scope, filters, request.options, lang, today, queries);
    case 'timeseries':
      return timeseriesTable(db, scope, filters, request.options);
    case 'drill':
      return drillTable(
        db,
        scope,
        filters,
        request.options,
        lang,
        queries,
        listOptions.drillSliceRows,
      );
    case 'units':
      return unitsTable(db, scope, filters, lang, listOptions);
    case 'impact':
      return impactTable(db, scope, filters, request.options, lang, queries);
    case 'grants':
      return grantsTable(db, scope, filters, request.options.status, lang, listOptions);
  }
}
