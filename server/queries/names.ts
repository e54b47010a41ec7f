import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Column } from '../engine/sql/filter-sql.ts';
import { dialectOf } from '../db/connect.ts';
import {
  getDataMembers,
  getReferenceMaps,
  SIZE_NAMES,
  sizeOfId,
} from '../engine/facts/reference-lookup.ts';

/** How the API names a group key: a stable code and fa/en labels. */
export interface KeyName {
  key: string;
  nameFa: string;
  nameEn: string;
}

const CHUNK = 500;

async function dataNames(
  db: Kysely<Database>,
  tableName: 'parks' | 'clusters',
  ids: number[],
): Promise<Map<number, KeyName>> {
  const names = new Map<number, KeyName>();
  if (dialectOf(db) === 'postgres') {
    // Read once per data version (a round trip per breakdown before).
    const { byId } = await getDataMembers(db, tableName);
    for (const id of ids) {
      const m = byId.get(id);
      if (m) names.set(id, { key: m.code, nameFa: m.nameFa, nameEn: m.nameEn });
    }
    return names;
  }
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom(tableName)
      .select(['id', 'code', 'name_fa', 'name_en'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      names.set(Number(r.id), { key: r.code, nameFa: r.name_fa, nameEn: r.name_en });
    }
  }
  return names;
}

/**
 * Codes and names for group keys of one column. Years, quarters and months are named by their
 * number (the client formats them); units have only a Persian name, used for both languages.
 */
export async function nameKeys(
  db: Kysely<Database>,
  column: Column,
  ids: readonly number[],
): Promise<Map<number, KeyName>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, KeyName>();
  switch (column) {
    case 'province':
    case 'sector':
    case 'category':
    case 'heading': {
      const refs = await getReferenceMaps(db);
      const t = {
        province: refs.provinces,
        sector: refs.sectors,
        category: refs.categories,
        heading: refs.headings,
      }[column];
      for (const id of unique) {
        const m = t.byId.get(id);
        if (m) out.set(id, { key: m.code, nameFa: m.nameFa, nameEn: m.nameEn });
      }
      return out;
    }
    case 'park':
      return dataNames(db, 'parks', unique);
    case 'cluster':
      return dataNames(db, 'clusters', unique);
    case 'size':
      for (const id of unique) {
        const s = sizeOfId(id);
        if (s) out.set(id, { key: s, nameFa: SIZE_NAMES[s].fa, nameEn: SIZE_NAMES[s].en });
      }
      return out;
    case 'unit':
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('units')
          .select(['id', 'code', 'name_fa'])
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) {
          out.set(Number(r.id), { key: r.code, nameFa: r.name_fa, nameEn: r.name_fa });
        }
      }
      return out;
    case 'year':
    case 'quarter':
    case 'month':
      for (const id of unique)
        out.set(id, { key: String(id), nameFa: String(id), nameEn: String(id) });
      return out;
  }
}
