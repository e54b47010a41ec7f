import { YEAR_MAX, YEAR_MIN, type ImportEntity } from './templates.ts';

/**
 * How an entity's validated rows map onto its table. A row's values are, in order: the id
 * (when the table has one; the writer fills it), the key columns, then the other columns.
 */
export interface WriteSpec {
  entity: ImportEntity;
  table:
    | 'provinces'
    | 'sectors'
    | 'support_headings'
    | 'parks'
    | 'clusters'
    | 'units'
    | 'employment'
    | 'grants'
    | 'targets';
  hasId: boolean;
  key: readonly string[];
  columns: readonly string[];
  /** Reference tables: rows are renamed, never inserted. */
  renameOnly: boolean;
}

const rename = (
  entity: ImportEntity,
  table: 'provinces' | 'sectors' | 'support_headings',
): WriteSpec => ({
  entity,
  table,
  hasId: true,
  key: ['code'],
  columns: ['name_fa', 'name_en'],
  renameOnly: true,
});

export const WRITE_SPECS: Record<ImportEntity, WriteSpec> = {
  provinces: rename('provinces', 'provinces'),
  sectors: rename('sectors', 'sectors'),
  headings: rename('headings', 'support_headings'),
  parks: {
    entity: 'parks',
    table: 'parks',
    hasId: true,
    key: ['code'],
    columns: ['province_id', 'kind', 'status', 'established_year', 'name_fa', 'name_en'],
    renameOnly: false,
  },
  clusters: {
    entity: 'clusters',
    table: 'clusters',
    hasId: true,
    key: ['code'],
    columns: [
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
    renameOnly: false,
  },
  units: {
    entity: 'units',
    table: 'units',
    hasId: true,
    key: ['code'],
    columns: [
      'name_fa',
      'province_id',
      'park_id',
      'cluster_id',
      'sector_id',
      'status',
      'exporter',
      'licence_year',
    ],
    renameOnly: false,
  },
  employment: {
    entity: 'employment',
    table: 'employment',
    hasId: false,
    key: ['unit_id', 'year'],
    columns: ['employees'],
    renameOnly: false,
  },
  grants: {
    entity: 'grants',
    table: 'grants',
    hasId: true,
    key: ['code'],
    columns: [
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
    renameOnly: false,
  },
  targets: {
    entity: 'targets',
    table: 'targets',
    hasId: true,
    key: ['code'],
    columns: ['year', 'province_id', 'category_id', 'heading_id', 'metric', 'value'],
    renameOnly: false,
  },
};

/** What happened to one row when it was written. */
export type RowOutcome = 'inserted' | 'updated' | 'unchanged' | 'duplicate';

/** A validated row on its way to the database. */
export interface PendingRow {
  values: unknown[];
  row: number;
  /** How the row is named in a message: its code, or "unit / year" for employment. */
  label: string;
  outcome: RowOutcome;
}

/** A growable bit set: which rows this import has already touched (to find duplicates). */
export class BitSet {
  private bits = new Uint32Array(1024);

  /** Sets bit n; returns whether it was already set. */
  testAndSet(n: number): boolean {
    const word = n >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 31);
    const was = ((this.bits[word] ?? 0) & mask) !== 0;
    this.bits[word] = (this.bits[word] ?? 0) | mask;
    return was;
  }
}

const YEAR_SPAN = YEAR_MAX - YEAR_MIN + 1;

/** Employment rows are keyed by (unit id, year); this packs the pair into one bit index. */
export function employmentSlot(values: unknown[]): number {
  return (values[0] as number) * YEAR_SPAN + ((values[1] as number) - YEAR_MIN);
}
