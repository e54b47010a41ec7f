import type { Kysely } from 'kysely';
import { CATEGORIES, HEADINGS, PROVINCES, SECTORS } from '../domain/reference.ts';
import type { Database } from './schema.ts';

/**
 * Writes the reference data of data/ (provinces, sectors, support categories and headings).
 * Idempotent: names are updated in place, ids never change (id = position in the file + 1).
 */
export async function loadReferenceData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const [i, p] of PROVINCES.entries()) {
      const row = {
        code: p.code,
        hasc: p.hasc,
        name_fa: p.nameFa,
        name_en: p.nameEn,
        population_2016: p.population2016,
      };
      await tx
        .insertInto('provinces')
        .values({ id: i + 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    }
    for (const [i, s] of SECTORS.entries()) {
      const row = {
        code: s.code,
        name_fa: s.nameFa,
        name_en: s.nameEn,
        isic_divisions: s.isic.join(','),
      };
      await tx
        .insertInto('sectors')
        .values({ id: i + 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    }
    const categoryId = new Map<string, number>();
    for (const [i, c] of CATEGORIES.entries()) {
      categoryId.set(c.code, i + 1);
      const row = { code: c.code, name_fa: c.nameFa, name_en: c.nameEn };
      await tx
        .insertInto('support_categories')
        .values({ id: i + 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    }
    for (const [i, h] of HEADINGS.entries()) {
      const row = {
        code: h.code,
        category_id: categoryId.get(h.category) ?? 0,
        name_fa: h.nameFa,
        name_en: h.nameEn,
        instrument: h.instrument,
        evidence: h.evidence,
        source: h.source,
      };
      await tx
        .insertInto('support_headings')
        .values({ id: i + 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    }
  });
}
