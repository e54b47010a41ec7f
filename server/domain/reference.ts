// Reference data shared by server and client. JSON imports keep this module free of Node APIs.
import provincesJson from '../../data/provinces.json' with { type: 'json' };
import sectorsJson from '../../data/sectors.json' with { type: 'json' };
import headingsJson from '../../data/support-headings.json' with { type: 'json' };

export interface ProvinceRef {
  code: string;
  codePre2018: string;
  hasc: string;
  nameFa: string;
  nameEn: string;
  population2016: number;
}
export interface SectorRef {
  code: string;
  key: string;
  nameFa: string;
  nameEn: string;
  isic: string[];
  share2019: number;
}
export interface CategoryRef {
  code: string;
  nameFa: string;
  nameEn: string;
}
export interface HeadingRef {
  code: string;
  category: string;
  nameFa: string;
  nameEn: string;
  instrument: string;
  evidence: 'sourced' | 'inferred' | 'brief' | 'illustrative';
  evidenceNote: string;
  source: string;
}

export const PROVINCES: readonly ProvinceRef[] = provincesJson;
export const SECTORS: readonly SectorRef[] = sectorsJson;
export const CATEGORIES: readonly CategoryRef[] = headingsJson.categories;
export const HEADINGS: readonly HeadingRef[] = headingsJson.headings as HeadingRef[];

export const PROVINCE_CODES = PROVINCES.map((p) => p.code);
export const SECTOR_CODES = SECTORS.map((s) => s.code);
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code);
export const HEADING_CODES = HEADINGS.map((h) => h.code);
