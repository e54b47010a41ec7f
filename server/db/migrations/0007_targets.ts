import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

/**
 * Plan targets (issue #18): one value per Jalali year, place (a province, or the whole country
 * when province_id is null), support selection (a category, a heading, or every heading when both
 * are null) and metric. `code` is the row's natural key spelled out ("1403/IR-23/FIN/amount"), so
 * an import upserts targets on one non-null column like every other entity (a unique constraint
 * over nullable columns treats every null as distinct, in SQLite and PostgreSQL alike).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('targets')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('province_id', 'integer', (c) => c.references('provinces.id'))
    .addColumn('category_id', 'integer', (c) => c.references('support_categories.id'))
    .addColumn('heading_id', 'integer', (c) => c.references('support_headings.id'))
    .addColumn('metric', 'varchar(16)', (c) =>
      c
        .notNull()
        .check(sql`metric in ('supportedUnits', 'grants', 'amount', 'units', 'employment')`),
    )
    .addColumn('value', 'bigint', (c) => c.notNull().check(sql`value >= 0`))
    .addCheckConstraint('targets_one_support', sql`category_id is null or heading_id is null`)
    .execute();
  await db.schema.createIndex('targets_year').on('targets').columns(['year', 'metric']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('targets').execute();
}
