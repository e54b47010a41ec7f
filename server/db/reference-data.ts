import type { Kysely } from 'kysely';
import { CATEGORIES, HEADINGS, PROVINCES, SECTORS } from '../domain/reference.ts';
import type { Database } from './schema.ts';

type ReferenceTable = 'provinces' | 'sectors' | 'support_categories' | 'support_headings';
type Row = { id: number } & Record<string, string | number>;

/** Each reference table's rows as data/ has them (id = position in the file + 1). */
function referenceRows(): [ReferenceTable, Row[]][] {
  const categoryId = new Map(CATEGORIES.map((c, i) => [c.code, i + 1]));
  return [
    [
      'provinces',
      PROVINCES.map((p, i) => ({
        id: i + 1,
        code: p.code,
        hasc: p.hasc,
        name_fa: p.nameFa,
        name_en: p.nameEn,
        population_2016: p.population2016,
      })),
    ],
    [
      'sectors',
      SECTORS.map((s, i) => ({
        id: i + 1,
        code: s.code,
        name_fa: s.nameFa,
        name_en: s.nameEn,
        isic_divisions: s.isic.join(','),
      })),
    ],
    [
      'support_categories',
      CATEGORIES.map((c, i) => ({ id: i + 1, code: c.code, name_fa: c.nameFa, name_en: c.nameEn })),
    ],
    [
      'support_headings',
      HEADINGS.map((h, i) => ({
        id: i + 1,
        code: h.code,
        category_id: categoryId.get(h.category) ?? 0,
        name_fa: h.nameFa,
        name_en: h.nameEn,
        instrument: h.instrument,
        evidence: h.evidence,
        source: h.source,
      })),
    ],
  ];
}

/** Whether the stored row holds exactly `row`'s values (PostgreSQL may answer numbers as text). */
function sameRow(stored: Record<string, unknown> | undefined, row: Row): boolean {
  return (
    stored !== undefined && Object.entries(row).every(([k, v]) => String(stored[k]) === String(v))
  );
}

/**
 * Writes the reference data of data/ (provinces, sectors, support categories and headings).
 * Idempotent: names are updated in place, ids never change (id = position in the file + 1).
 * Only rows that differ are written, so a start over current reference data reads four small
 * tables and writes nothing (it used to upsert some 130 rows in a write transaction).
 */
export async function loadReferenceData(db: Kysely<Database>): Promise<void> {
  const changes: [ReferenceTable, Row[]][] = [];
  for (const [table, rows] of referenceRows()) {
    const stored = await db.selectFrom(table).selectAll().execute();
    const byId = new Map(stored.map((r) => [Number(r.id), r]));
    const differing = rows.filter((row) => !sameRow(byId.get(row.id), row));
    if (differing.length > 0) changes.push([table, differing]);
  }
  if (changes.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const [table, rows] of changes) {
      for (const { id, ...row } of rows) {
        await tx
          .insertInto(table)
          .values({ id, ...row } as never)
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
      }
    }
  });
}
