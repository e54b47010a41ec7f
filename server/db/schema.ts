import type { Generated, Selectable } from 'kysely';

/**
 * Table interfaces for Kysely. Surrogate integer ids keep the fact tables small and the joins
 * fast; every entity an import or URL must name also has a stable natural `code`.
 * Dates are ISO `YYYY-MM-DD` (Gregorian) strings; Jalali year/month columns are computed when a
 * row is written so that grouping by Jalali period is a plain GROUP BY.
 */
export interface ProvinceTable {
  id: number;
  code: string; // ISO 3166-2:IR, current scheme (IR-00…IR-30)
  hasc: string;
  name_fa: string;
  name_en: string;
  population_2016: number;
}

export interface SectorTable {
  id: number;
  code: string; // METL, CHEM, FOOD…
  name_fa: string;
  name_en: string;
  isic_divisions: string; // comma-separated ISIC Rev.4 divisions
}

export interface ParkTable {
  id: number;
  code: string;
  province_id: number;
  kind: 'park' | 'zone' | 'specialised' | 'technology';
  status: 'active' | 'developing' | 'inactive';
  established_year: number | null; // Jalali
  name_fa: string;
  name_en: string;
}

export interface ClusterTable {
  id: number;
  code: string;
  province_id: number;
  sector_id: number;
  name_fa: string;
  name_en: string;
  product_fa: string;
  product_en: string;
  stage: 'identified' | 'developing' | 'completed';
  identified_year: number | null; // Jalali
  completed_year: number | null; // Jalali
}

export interface UnitTable {
  id: number;
  code: string;
  name_fa: string;
  province_id: number;
  park_id: number | null;
  cluster_id: number | null;
  sector_id: number;
  status: 'active' | 'idle' | 'revived' | 'closed';
  exporter: number; // 0 | 1 (portable across SQLite and PostgreSQL)
  licence_year: number | null; // Jalali
}

/** One row per unit and Jalali year it was operating; size class derives from `employees`. */
export interface EmploymentTable {
  unit_id: number;
  year: number; // Jalali
  employees: number;
}

export interface SupportCategoryTable {
  id: number;
  code: string; // FIN, MKT, TEC, ENT, REN, INF
  name_fa: string;
  name_en: string;
}

export interface SupportHeadingTable {
  id: number;
  code: string; // FIN-01…
  category_id: number;
  name_fa: string;
  name_en: string;
  instrument: string;
  evidence: 'sourced' | 'inferred' | 'brief' | 'illustrative';
  source: string;
}

export type GrantStatus = 'applied' | 'approved' | 'rejected' | 'disbursed' | 'cancelled';

/** Money is integer rials. Individual amounts fit in 2^53; totals are summed in SQL and sent as strings. */
export interface GrantTable {
  id: number;
  code: string;
  unit_id: number;
  heading_id: number;
  /** Jalali year of the grant: of disbursement when disbursed, else of application. */
  year: number;
  /** Jalali month (1–12) of the same date; the quarter is (month + 2) / 3. */
  month: number;
  applied_on: string;
  disbursed_on: string | null;
  requested_amount: number;
  approved_amount: number | null;
  disbursed_amount: number | null;
  status: GrantStatus;
}

/**
 * A plan target (issue #18, migration 0007): a Jalali year, a province (null: the whole country),
 * a category or a heading (both null: every heading) and a metric of server/domain/plan.ts.
 * `code` spells that key out ("1403/IR-23/FIN/amount"): what an import upserts on.
 */
export interface TargetTable {
  id: number;
  code: string;
  year: number;
  province_id: number | null;
  category_id: number | null;
  heading_id: number | null;
  metric: 'supportedUnits' | 'grants' | 'amount' | 'units' | 'employment';
  /** Whole units of the metric (rials for amount); may exceed 2^53 when summed, never alone. */
  value: number;
}

/** Key/value facts about the loaded dataset (synthetic or not, seed, when generated). */
export interface DatasetMetaTable {
  key: string;
  value: string;
}

/** One import (issue #7), recorded whatever its outcome; counts is JSON per entity. */
export interface ImportTable {
  id: number;
  started_at: string; // ISO timestamp
  finished_at: string;
  user_name: string | null;
  file_name: string;
  file_sha256: string;
  counts: string;
  outcome: 'ok' | 'rejected' | 'failed' | 'refused';
  error_count: number;
  error_summary: string;
}

/** A named page state (issue #6): a page path and its URL query, owned by a user (or 'shared'). */
export interface SavedViewTable {
  id: Generated<number>;
  owner: string;
  name: string;
  path: string;
  query: string; // URL query without '?', re-validated with parseFilterParams when used
  position: number;
  created_at: string; // ISO timestamp
  updated_at: string;
}

/** A briefing deck: a name; its slides come from deck_views in order. */
export interface DeckTable {
  id: Generated<number>;
  owner: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface DeckViewTable {
  deck_id: number;
  position: number;
  view_id: number;
}

/**
 * Rollup tables (migration 0002, rebuilt by server/engine/rollups/rollups.ts): pre-aggregated facts.
 * `size` is the size class id (1 micro, 2 small, 3 medium); null in grant rollups when the unit
 * has no employment row in the grant's year. Amounts are exact integer rials.
 */
export interface RollupUnitsTable {
  year: number;
  province_id: number;
  park_id: number | null;
  cluster_id: number | null;
  sector_id: number;
  size: number;
  units: number;
  employment: number;
}
export type RollupUnitsPsTable = Omit<RollupUnitsTable, 'park_id' | 'cluster_id'>;

export interface RollupChangeTable {
  from_year: number;
  to_year: number;
  province_id: number;
  park_id: number | null;
  cluster_id: number | null;
  sector_id: number;
  size: number;
  change: number;
}
export type RollupChangePsTable = Omit<RollupChangeTable, 'park_id' | 'cluster_id'>;

export interface RollupGrantsPsTable {
  year: number;
  province_id: number;
  sector_id: number;
  size: number | null;
  grants: number;
  amount: number;
}
export interface RollupGrantsTable extends RollupGrantsPsTable {
  category_id: number;
  heading_id: number;
}
/** ru_grants without size and heading: the breakdown by category (migration 0011). */
export interface RollupGrantsCatTable extends Omit<RollupGrantsPsTable, 'size'> {
  category_id: number;
}
export interface RollupGrantsParkTable extends RollupGrantsPsTable {
  park_id: number | null;
  cluster_id: number | null;
}
export interface RollupGrantsMonthTable extends Omit<RollupGrantsTable, 'size'> {
  month: number;
}

/** Distinct supported units; sel_kind 0 = every heading, 1 = a category, 2 = a heading. */
export interface RollupSupportedTable {
  from_year: number;
  to_year: number;
  sel_kind: number;
  sel_id: number;
  province_id: number;
  sector_id: number;
  units: number;
}
export interface RollupSupportedQuarterTable {
  year: number;
  quarter: number;
  sel_kind: number;
  sel_id: number;
  province_id: number;
  sector_id: number;
  units: number;
}
export type RollupSupportedMonthTable = Omit<RollupSupportedQuarterTable, 'quarter'> & {
  month: number;
};

export interface RollupMetaTable {
  key: string;
  value: string;
}

/**
 * Raw data was written since the rollups were built when this holds a row (migration 0010): on
 * PostgreSQL one per writing transaction (its id), on SQLite the one row 0.
 */
export interface DataWritesTable {
  tx: string | number | bigint;
}

export interface Database {
  provinces: ProvinceTable;
  sectors: SectorTable;
  parks: ParkTable;
  clusters: ClusterTable;
  units: UnitTable;
  employment: EmploymentTable;
  support_categories: SupportCategoryTable;
  support_headings: SupportHeadingTable;
  grants: GrantTable;
  dataset_meta: DatasetMetaTable;
  targets: TargetTable;
  ru_units: RollupUnitsTable;
  ru_units_ps: RollupUnitsPsTable;
  ru_change: RollupChangeTable;
  ru_change_ps: RollupChangePsTable;
  ru_grants: RollupGrantsTable;
  ru_grants_ps: RollupGrantsPsTable;
  ru_grants_cat: RollupGrantsCatTable;
  ru_grants_park: RollupGrantsParkTable;
  ru_grants_month: RollupGrantsMonthTable;
  ru_supported: RollupSupportedTable;
  ru_supported_quarter: RollupSupportedQuarterTable;
  ru_supported_month: RollupSupportedMonthTable;
  rollup_meta: RollupMetaTable;
  data_writes: DataWritesTable;
  saved_views: SavedViewTable;
  decks: DeckTable;
  deck_views: DeckViewTable;
  imports: ImportTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  leases: LeaseTable;
  sign_in_failures: SignInFailureTable;
}

export type Role = 'admin' | 'analyst' | 'manager' | 'viewer';

/** Users of the dashboard (issue #8). `provinces` is 'all' or comma-separated ISO codes. */
export interface UserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: Role;
  provinces: string;
  disabled: number; // 0 | 1
  failed_attempts: number;
  locked_until: string | null; // ISO timestamp
  created_at: string;
  updated_at: string;
}

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export interface SessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

/** An exclusive activity's current holder (issue #17; migration 0008). */
export interface LeaseTable {
  name: string;
  /** A random token: only its holder renews or releases the lease. */
  holder: string;
  /** Who holds it, for the refusal message ("import by admin over HTTP, server host:pid"). */
  label: string;
  acquired_at: string;
  expires_at: string;
}

/** Failed sign-ins per client address in the current window (auth/ip-limiter.ts). */
export interface SignInFailureTable {
  ip: string;
  /** When the window opened (ISO 8601 UTC): the first failure after the last window ended. */
  window_start: string;
  failures: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  username: string | null;
  action: string; // sign-in, sign-in-failed, sign-out, export, import, user-add, user-role, …
  /** 'cancelled': the client went away before the answer was complete (a download). */
  outcome: 'ok' | 'denied' | 'failed' | 'cancelled';
  detail: string; // JSON
  ip: string | null;
}

export type Province = Selectable<ProvinceTable>;
export type Unit = Selectable<UnitTable>;
export type Grant = Selectable<GrantTable>;
// Generated is re-exported for tables added by later migrations.
export type { Generated };
