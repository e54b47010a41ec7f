import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ALL_SUPPORT, NATIONAL } from '../domain/plan.ts';
import { templateOf, type ImportEntity } from './templates.ts';
import { UTF8_BOM } from './template-csv.ts';

/** Each data entity's rows in template column order, keyed by codes (ids never leave the database). */
const QUERIES: Record<
  'parks' | 'clusters' | 'units' | 'employment' | 'grants' | 'targets',
  string
> = {
  parks: `select k.code, k.name_fa, k.name_en, p.code as province, k.kind, k.status, k.established_year
    from parks k join provinces p on p.id = k.province_id order by k.id`,
  clusters: `select c.code, c.name_fa, c.name_en, p.code as province, s.code as sector, c.product_fa,
      c.product_en, c.stage, c.identified_year, c.completed_year
    from clusters c join provinces p on p.id = c.province_id join sectors s on s.id = c.sector_id
    order by c.id`,
  units: `select u.code, u.name_fa, p.code as province, k.code as park, c.code as cluster, s.code as sector,
      u.status, u.exporter, u.licence_year
    from units u join provinces p on p.id = u.province_id join sectors s on s.id = u.sector_id
      left join parks k on k.id = u.park_id left join clusters c on c.id = u.cluster_id
    order by u.id`,
  employment: `select u.code as unit, e.year, e.employees from employment e join units u on u.id = e.unit_id
    order by e.unit_id, e.year`,
  grants: `select g.code, u.code as unit, h.code as heading, g.status, g.applied_on, g.disbursed_on,
      g.requested_amount, g.approved_amount, g.disbursed_amount
    from grants g join units u on u.id = g.unit_id join support_headings h on h.id = g.heading_id
    order by g.id`,
  // cast: a bigint read as a JavaScript number would lose digits beyond 2^53
  targets: `select t.year, coalesce(p.code, '${NATIONAL.fa}') as province,
      coalesce(c.code, h.code, '${ALL_SUPPORT.fa}') as support, t.metric, cast(t.value as text) as value
    from targets t left join provinces p on p.id = t.province_id
      left join support_categories c on c.id = t.category_id
      left join support_headings h on h.id = t.heading_id
    order by t.id`,
};

const PAGE = 5000;

/** A cell as text: the queries return only numbers, strings and nulls. */
const text = (v: unknown): string =>
  typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint' ? String(v) : '';

/**
 * Writes the whole dataset as template CSVs (`parks.csv` … `targets.csv`) into a directory:
 * what `npm run import` reads back. Dates are written as ISO days, which the import accepts.
 * Pages through each table so memory stays flat.
 */
export async function writeTemplateFiles(db: Kysely<Database>, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [entity, query] of Object.entries(QUERIES) as [ImportEntity, string][]) {
    const path = join(dir, `${entity}.csv`);
    const out = createWriteStream(path);
    out.write(UTF8_BOM);
    const csv = stringify({ header: true, columns: templateOf(entity).columns.map((c) => c.key) });
    csv.pipe(out);
    for (let offset = 0; ; offset += PAGE) {
      const { rows } = await sql<
        Record<string, unknown>
      >`${sql.raw(query)} limit ${PAGE} offset ${offset}`.execute(db);
      for (const r of rows) {
        if (!csv.write(Object.values(r).map(text)))
          await new Promise<void>((resolve) => csv.once('drain', () => resolve()));
      }
      if (rows.length < PAGE) break;
    }
    await new Promise<void>((resolve, reject) => {
      out.on('finish', resolve).on('error', reject);
      csv.end();
    });
    written.push(path);
  }
  return written;
}
