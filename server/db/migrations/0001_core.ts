import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('provinces')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(8)', (c) => c.notNull().unique())
    .addColumn('hasc', 'varchar(8)', (c) => c.notNull())
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('population_2016', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sectors')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(8)', (c) => c.notNull().unique())
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('isic_divisions', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('parks')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('province_id', 'integer', (c) => c.notNull().references('provinces.id'))
    .addColumn('kind', 'varchar(16)', (c) =>
      c.notNull().check(sql`kind in ('park', 'zone', 'specialised', 'technology')`),
    )
    .addColumn('status', 'varchar(16)', (c) =>
      c.notNull().check(sql`status in ('active', 'developing', 'inactive')`),
    )
    .addColumn('established_year', 'integer')
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parks_province').on('parks').column('province_id').execute();

  await db.schema
    .createTable('clusters')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('province_id', 'integer', (c) => c.notNull().references('provinces.id'))
    .addColumn('sector_id', 'integer', (c) => c.notNull().references('sectors.id'))
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('product_fa', 'text', (c) => c.notNull())
    .addColumn('product_en', 'text', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) =>
      c.notNull().check(sql`stage in ('identified', 'developing', 'completed')`),
    )
    .addColumn('identified_year', 'integer')
    .addColumn('completed_year', 'integer')
    .execute();
  await db.schema.createIndex('clusters_province').on('clusters').column('province_id').execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('province_id', 'integer', (c) => c.notNull().references('provinces.id'))
    .addColumn('park_id', 'integer', (c) => c.references('parks.id'))
    .addColumn('cluster_id', 'integer', (c) => c.references('clusters.id'))
    .addColumn('sector_id', 'integer', (c) => c.notNull().references('sectors.id'))
    .addColumn('status', 'varchar(16)', (c) =>
      c.notNull().check(sql`status in ('active', 'idle', 'revived', 'closed')`),
    )
    .addColumn('exporter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('licence_year', 'integer')
    .execute();
  await db.schema.createIndex('units_province').on('units').column('province_id').execute();
  await db.schema.createIndex('units_park').on('units').column('park_id').execute();
  await db.schema.createIndex('units_cluster').on('units').column('cluster_id').execute();

  await db.schema
    .createTable('employment')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('employees', 'integer', (c) => c.notNull().check(sql`employees >= 0`))
    .addPrimaryKeyConstraint('employment_pk', ['unit_id', 'year'])
    .execute();
  await db.schema
    .createIndex('employment_year')
    .on('employment')
    .columns(['year', 'unit_id'])
    .execute();

  await db.schema
    .createTable('support_categories')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(8)', (c) => c.notNull().unique())
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_headings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('support_categories.id'))
    .addColumn('name_fa', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('instrument', 'varchar(32)', (c) => c.notNull())
    .addColumn('evidence', 'varchar(16)', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('grants')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('heading_id', 'integer', (c) => c.notNull().references('support_headings.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull().check(sql`month between 1 and 12`))
    .addColumn('applied_on', 'date', (c) => c.notNull())
    .addColumn('disbursed_on', 'date')
    .addColumn('requested_amount', 'bigint', (c) => c.notNull().check(sql`requested_amount >= 0`))
    .addColumn('approved_amount', 'bigint')
    .addColumn('disbursed_amount', 'bigint')
    .addColumn('status', 'varchar(16)', (c) =>
      c
        .notNull()
        .check(sql`status in ('applied', 'approved', 'rejected', 'disbursed', 'cancelled')`),
    )
    .execute();
  await db.schema.createIndex('grants_unit').on('grants').column('unit_id').execute();
  await db.schema
    .createIndex('grants_status_year')
    .on('grants')
    .columns(['status', 'year', 'heading_id'])
    .execute();

  await db.schema
    .createTable('dataset_meta')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'dataset_meta',
    'grants',
    'support_headings',
    'support_categories',
    'employment',
    'units',
    'clusters',
    'parks',
    'sectors',
    'provinces',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
