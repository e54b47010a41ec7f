import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// Rollup tables: pre-aggregated facts rebuilt in one transaction after seeding or import. Size is
// the class id (1 micro, 2 small, 3 medium); null in grant rollups when the unit has no employment
// row in the grant's year. Park/cluster are null for units outside any park/cluster.

type Col = [name: string, type: 'integer' | 'bigint', notNull: boolean];

const TABLES: Record<string, { cols: Col[]; index: string[] }> = {
  ru_units: {
    cols: [
      ['year', 'integer', true],
      ['province_id', 'integer', true],
      ['park_id', 'integer', false],
      ['cluster_id', 'integer', false],
      ['sector_id', 'integer', true],
      ['size', 'integer', true],
      ['units', 'integer', true],
      ['employment', 'bigint', true],
    ],
    index: ['year', 'province_id', 'park_id', 'cluster_id'],
  },
  ru_units_ps: {
    cols: [
      ['year', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['size', 'integer', true],
      ['units', 'integer', true],
      ['employment', 'bigint', true],
    ],
    index: ['year', 'province_id', 'sector_id', 'size', 'units', 'employment'],
  },
  ru_change: {
    cols: [
      ['from_year', 'integer', true],
      ['to_year', 'integer', true],
      ['province_id', 'integer', true],
      ['park_id', 'integer', false],
      ['cluster_id', 'integer', false],
      ['sector_id', 'integer', true],
      ['size', 'integer', true],
      ['change', 'bigint', true],
    ],
    index: ['to_year', 'from_year', 'province_id'],
  },
  ru_change_ps: {
    cols: [
      ['from_year', 'integer', true],
      ['to_year', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['size', 'integer', true],
      ['change', 'bigint', true],
    ],
    index: ['to_year', 'from_year', 'province_id', 'sector_id', 'size', 'change'],
  },
  ru_grants: {
    cols: [
      ['year', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['size', 'integer', false],
      ['category_id', 'integer', true],
      ['heading_id', 'integer', true],
      ['grants', 'integer', true],
      ['amount', 'bigint', true],
    ],
    index: ['year', 'heading_id', 'province_id'],
  },
  ru_grants_ps: {
    cols: [
      ['year', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['size', 'integer', false],
      ['grants', 'integer', true],
      ['amount', 'bigint', true],
    ],
    index: ['year', 'province_id', 'sector_id', 'size', 'grants', 'amount'],
  },
  ru_grants_park: {
    cols: [
      ['year', 'integer', true],
      ['province_id', 'integer', true],
      ['park_id', 'integer', false],
      ['cluster_id', 'integer', false],
      ['sector_id', 'integer', true],
      ['size', 'integer', false],
      ['grants', 'integer', true],
      ['amount', 'bigint', true],
    ],
    index: ['year', 'province_id', 'park_id', 'cluster_id'],
  },
  ru_grants_month: {
    cols: [
      ['year', 'integer', true],
      ['month', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['category_id', 'integer', true],
      ['heading_id', 'integer', true],
      ['grants', 'integer', true],
      ['amount', 'bigint', true],
    ],
    index: ['year', 'heading_id', 'province_id'],
  },
  // Distinct supported units. sel_kind: 0 every heading (sel_id 0), 1 a category, 2 a heading.
  ru_supported: {
    cols: [
      ['from_year', 'integer', true],
      ['to_year', 'integer', true],
      ['sel_kind', 'integer', true],
      ['sel_id', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['units', 'integer', true],
    ],
    index: ['from_year', 'to_year', 'sel_kind', 'sel_id', 'province_id', 'sector_id', 'units'],
  },
  ru_supported_quarter: {
    cols: [
      ['year', 'integer', true],
      ['quarter', 'integer', true],
      ['sel_kind', 'integer', true],
      ['sel_id', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['units', 'integer', true],
    ],
    index: ['sel_kind', 'sel_id', 'year', 'quarter', 'province_id', 'sector_id', 'units'],
  },
  ru_supported_month: {
    cols: [
      ['year', 'integer', true],
      ['month', 'integer', true],
      ['sel_kind', 'integer', true],
      ['sel_id', 'integer', true],
      ['province_id', 'integer', true],
      ['sector_id', 'integer', true],
      ['units', 'integer', true],
    ],
    index: ['sel_kind', 'sel_id', 'year', 'month', 'province_id', 'sector_id', 'units'],
  },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, def] of Object.entries(TABLES)) {
    let builder = db.schema.createTable(name);
    for (const [col, type, notNull] of def.cols) {
      builder = builder.addColumn(col, type, (c) => (notNull ? c.notNull() : c));
    }
    await builder.execute();
    await db.schema.createIndex(`${name}_lookup`).on(name).columns(def.index).execute();
  }
  await db.schema
    .createTable('rollup_meta')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollup_meta').execute();
  for (const name of Object.keys(TABLES).reverse()) {
    await db.schema.dropTable(name).execute();
  }
}
