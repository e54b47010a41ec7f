import type { Rng } from './prng.ts';

/** Product words per sector code (Persian, English): cluster names and unit names draw on them. */
export const PRODUCTS: Record<string, readonly (readonly [string, string])[]> = {
  METL: [
    ['قطعات خودرو', 'auto parts'],
    ['ماشین‌آلات کشاورزی', 'farm machinery'],
    ['ریخته‌گری', 'foundry'],
    ['پیچ و مهره', 'fasteners'],
    ['سازه‌های فلزی', 'steel structures'],
    ['ابزار', 'tools'],
  ],
  CHEM: [
    ['پلاستیک', 'plastics'],
    ['رنگ و رزین', 'paints and resins'],
    ['شوینده', 'detergents'],
    ['لاستیک', 'rubber goods'],
    ['دارو', 'pharmaceuticals'],
    ['بسته‌بندی پلیمری', 'polymer packaging'],
  ],
  FOOD: [
    ['خرما', 'dates'],
    ['لبنیات', 'dairy'],
    ['زعفران', 'saffron'],
    ['کنسرو', 'canned food'],
    ['شیرینی', 'confectionery'],
    ['پسته', 'pistachio'],
    ['آبمیوه', 'fruit juice'],
  ],
  NMIN: [
    ['کاشی و سرامیک', 'tiles and ceramics'],
    ['سنگ ساختمانی', 'building stone'],
    ['آجر', 'brick'],
    ['شیشه', 'glass'],
    ['گچ', 'gypsum'],
  ],
  WOOD: [
    ['مبلمان', 'furniture'],
    ['کاغذ و مقوا', 'paper and board'],
    ['درب و پنجره چوبی', 'wooden doors'],
    ['چاپ و بسته‌بندی', 'printing and packaging'],
  ],
  SERV: [
    ['تعمیرات صنعتی', 'industrial repair'],
    ['بازیافت', 'recycling'],
    ['انبارداری', 'warehousing'],
    ['خدمات مهندسی', 'engineering services'],
  ],
  TEXT: [
    ['پوشاک', 'apparel'],
    ['فرش دستباف', 'handmade carpets'],
    ['چرم و کفش', 'leather and footwear'],
    ['نساجی', 'textiles'],
    ['ملحفه', 'linen'],
  ],
  ELEC: [
    ['لوازم خانگی', 'home appliances'],
    ['تابلو برق', 'switchgear'],
    ['کابل', 'cables'],
    ['روشنایی', 'lighting'],
    ['قطعات الکترونیک', 'electronic components'],
  ],
};

/** Place words for zones: landscape features common in Iranian place names. */
const PLACES: readonly (readonly [string, string])[] = [
  ['دشت', 'Dasht'],
  ['کوهپایه', 'Kuhpayeh'],
  ['چشمه', 'Cheshmeh'],
  ['باغ', 'Bagh'],
  ['رود', 'Rud'],
  ['آباد', 'Abad'],
  ['شرق', 'East'],
  ['غرب', 'West'],
  ['شمال', 'North'],
  ['جنوب', 'South'],
];

const FAMILY_NAMES: readonly string[] = [
  'احمدی',
  'محمدی',
  'حسینی',
  'رضایی',
  'کریمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'رحیمی',
  'کاظمی',
  'قاسمی',
  'عباسی',
  'نوری',
  'طاهری',
  'یزدانی',
  'فراهانی',
  'شریفی',
  'اکبری',
  'نجفی',
  'بهرامی',
  'سلیمانی',
  'امینی',
  'زارعی',
  'هاشمی',
  'مرادی',
  'کیانی',
  'پارسا',
  'توکلی',
  'افشار',
  'نیکزاد',
];

const UNIT_PATTERNS: readonly ((product: string, family: string) => string)[] = [
  (p, f) => `شرکت ${p} ${f}`,
  (p, f) => `تولیدی ${p} ${f}`,
  (_p, f) => `صنایع ${f}`,
  (p, f) => `کارگاه ${p} ${f}`,
  (p, f) => `گروه صنعتی ${f} (${p})`,
];

const faDigits = new Intl.NumberFormat('fa-IR', { useGrouping: false });

/** Persian numeral text for names such as «شهرک صنعتی اصفهان ۲». */
export function faNumber(n: number): string {
  return faDigits.format(n);
}

export interface ParkNameInput {
  kind: 'park' | 'zone' | 'specialised' | 'technology';
  provinceFa: string;
  provinceEn: string;
  /** 1-based ordinal of this kind within the province. */
  ordinal: number;
  sectorCode: string;
}

/** Persian and English names of a park or zone. */
export function parkName(rng: Rng, p: ParkNameInput): { fa: string; en: string } {
  switch (p.kind) {
    case 'park':
      return {
        fa: `شهرک صنعتی ${p.provinceFa} ${faNumber(p.ordinal)}`,
        en: `${p.provinceEn} Industrial Park ${p.ordinal}`,
      };
    case 'zone': {
      const [fa, en] = rng.pick(PLACES);
      return {
        fa: `ناحیه صنعتی ${fa} ${p.provinceFa} ${faNumber(p.ordinal)}`,
        en: `${en} ${p.provinceEn} Industrial Zone ${p.ordinal}`,
      };
    }
    case 'specialised': {
      const [fa, en] = rng.pick(PRODUCTS[p.sectorCode] ?? []);
      return {
        fa: `شهرک تخصصی ${fa} ${p.provinceFa}`,
        en: `${p.provinceEn} Specialised Park (${en})${p.ordinal > 1 ? ` ${p.ordinal}` : ''}`,
      };
    }
    case 'technology':
      return {
        fa: `شهرک فناوری ${p.provinceFa} ${faNumber(p.ordinal)}`,
        en: `${p.provinceEn} Technology Park ${p.ordinal}`,
      };
  }
}

/** A Persian unit name from a product of its sector and a family name. */
export function unitName(rng: Rng, sectorCode: string): string {
  const [product] = rng.pick(PRODUCTS[sectorCode] ?? []);
  return rng.pick(UNIT_PATTERNS)(product, rng.pick(FAMILY_NAMES));
}
