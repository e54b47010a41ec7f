import { searchKey } from '../domain/digits.ts';
import type { ImportTarget } from './target.ts';

/** A park or cluster as a unit row needs it: its id and province (units must match it). */
export interface PlaceRef {
  /** -1 marks a code declared by an invalid row of this import: known, but not writable. */
  id: number;
  provinceId: number;
}

/**
 * Everything a row may name, resolved to ids: loaded once inside the import transaction and
 * extended as parks, clusters and units are written, so later files can name them.
 */
export interface Lookups {
  /** searchKey of an ISO code, Persian name or English name → province id. */
  provinceByKey: Map<string, number>;
  provinceCode: Map<number, string>;
  sectorByKey: Map<string, number>;
  /** Upper-case heading code → id. */
  headingByCode: Map<string, number>;
  /** searchKey of a support category's code, Persian or English name → its code. */
  categoryByKey: Map<string, string>;
  categoryIdByCode: Map<string, number>;
  /** Reference codes (renames): code → id, per reference table. */
  provinceIdByCode: Map<string, number>;
  sectorIdByCode: Map<string, number>;
  parkByCode: Map<string, PlaceRef>;
  clusterByCode: Map<string, PlaceRef>;
  /** Unit code → id (-1 for a code declared by an invalid row). */
  unitByCode: Map<string, number>;
}

/** The ways a province or sector may be named, as search keys ("استان تهران" → "تهران"). */
export function nameKeys(code: string, nameFa: string, nameEn: string): string[] {
  const keys = [searchKey(code), searchKey(nameFa), searchKey(nameEn)];
  const fa = searchKey(nameFa).replace(/^استان /, '');
  const en = searchKey(nameEn).replace(/ province$/, '');
  keys.push(
    fa,
    `استان ${fa}`,
    en,
    `${en} province`,
    en.replace(/ and /g, ' & '),
    en.replace(/-/g, ' '),
  );
  return keys;
}

/** Loads the lookups from the database the import writes to. */
export async function loadLookups(target: ImportTarget): Promise<Lookups> {
  const l: Lookups = {
    provinceByKey: new Map(),
    provinceCode: new Map(),
    sectorByKey: new Map(),
    headingByCode: new Map(),
    categoryByKey: new Map(),
    categoryIdByCode: new Map(),
    provinceIdByCode: new Map(),
    sectorIdByCode: new Map(),
    parkByCode: new Map(),
    clusterByCode: new Map(),
    unitByCode: new Map(),
  };
  await target.eachRow('select id, code, name_fa, name_en from provinces', ([id, code, fa, en]) => {
    for (const k of [String(code), ...nameKeys(String(code), String(fa), String(en))])
      l.provinceByKey.set(k, Number(id));
    l.provinceCode.set(Number(id), String(code));
    l.provinceIdByCode.set(String(code), Number(id));
  });
  await target.eachRow('select id, code, name_fa, name_en from sectors', ([id, code, fa, en]) => {
    for (const k of [String(code), ...nameKeys(String(code), String(fa), String(en))])
      l.sectorByKey.set(k, Number(id));
    l.sectorIdByCode.set(String(code), Number(id));
  });
  await target.eachRow('select id, code from support_headings', ([id, code]) => {
    l.headingByCode.set(String(code).toUpperCase(), Number(id));
  });
  await target.eachRow(
    'select id, code, name_fa, name_en from support_categories',
    ([id, code, fa, en]) => {
      for (const k of [String(code), String(fa), String(en)])
        l.categoryByKey.set(searchKey(k), String(code));
      l.categoryIdByCode.set(String(code), Number(id));
    },
  );
  await target.eachRow('select id, code, province_id from parks', ([id, code, p]) => {
    l.parkByCode.set(String(code), { id: Number(id), provinceId: Number(p) });
  });
  await target.eachRow('select id, code, province_id from clusters', ([id, code, p]) => {
    l.clusterByCode.set(String(code), { id: Number(id), provinceId: Number(p) });
  });
  await target.eachRow('select id, code from units', ([id, code]) => {
    l.unitByCode.set(code as string, id as number);
  });
  return l;
}
