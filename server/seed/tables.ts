/**
 * Column order of the generated rows. Rows are plain arrays in this order (no per-row objects:
 * the `large` scale writes ~17M rows); both writers read these lists.
 */
export const COLUMNS = {
  parks: ['id', 'code', 'province_id', 'kind', 'status', 'established_year', 'name_fa', 'name_en'],
  clusters: [
    'id',
    'code',
    'province_id',
    'sector_id',
    'name_fa',
    'name_en',
    'product_fa',
    'product_en',
    'stage',
    'identified_year',
    'completed_year',
  ],
  units: [
    'id',
    'code',
    'name_fa',
    'province_id',
    'park_id',
    'cluster_id',
    'sector_id',
    'status',
    'exporter',
    'licence_year',
  ],
  employment: ['unit_id', 'year', 'employees'],
  grants: [
    'id',
    'code',
    'unit_id',
    'heading_id',
    'year',
    'month',
    'applied_on',
    'disbursed_on',
    'requested_amount',
    'approved_amount',
    'disbursed_amount',
    'status',
  ],
  targets: ['id', 'code', 'year', 'province_id', 'category_id', 'heading_id', 'metric', 'value'],
} as const;

export type DataTable = keyof typeof COLUMNS;
export type Row = (string | number | null)[];

/** Data tables in insertion (foreign-key) order; deletion runs in reverse. */
export const DATA_TABLES: readonly DataTable[] = [
  'parks',
  'clusters',
  'units',
  'employment',
  'grants',
  'targets',
];
