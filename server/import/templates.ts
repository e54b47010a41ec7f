// The import templates: one definition per entity, from which the validator, the downloadable
// template CSVs and the table in docs/import.md are all derived. Pure (no Node APIs).
import { ALL_SUPPORT, NATIONAL, type PlanMetric } from '../domain/plan.ts';
import { GRANT_STATUS_NAMES, UNIT_STATUS_NAMES, type StatusName } from '../domain/statuses.ts';

/** Entities an import can load, in dependency order (a unit names a park, a grant names a unit). */
export const IMPORT_ENTITIES = [
  'provinces',
  'sectors',
  'headings',
  'parks',
  'clusters',
  'units',
  'employment',
  'grants',
  'targets',
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** Jalali years an import accepts (licence years of old units down to the start of data). */
export const YEAR_MIN = 1300;
export const YEAR_MAX = 1410;

export type ColumnType =
  | 'code' // a natural key: trimmed, Persian digits folded, zero-width characters removed
  | 'text'
  | 'year' // Jalali year, YEAR_MIN..YEAR_MAX
  | 'count' // whole number ≥ 0
  | 'amount' // rials, whole number ≥ 0, thousands separators allowed
  | 'date' // Jalali 1402/05/17 or ۱۴۰۲-۰۵-۱۷ (Gregorian ISO also accepted)
  | 'enum'
  | 'bool'
  | 'province' // ISO code, Persian name or English name
  | 'sector' // code, Persian name or English name
  | 'ref' // the code of another entity
  | 'place' // a province as above, or the whole country («کل کشور»)
  | 'support' // a support category or heading code or name, or every heading («همه»)
  | 'quantity'; // whole number ≥ 0 of a metric's unit (rials for amounts), separators allowed

export interface EnumValue {
  value: string;
  fa: string;
  /** Other Persian spellings accepted for the same value. */
  alsoFa?: readonly string[];
}

/** A status table of server/domain/statuses.ts as enum values. */
function statusValues(names: Record<string, StatusName>): EnumValue[] {
  return Object.entries(names).map(([value, n]) => ({
    value,
    fa: n.fa,
    ...(n.alsoFa ? { alsoFa: n.alsoFa } : {}),
  }));
}

export interface ColumnDef {
  /** Header in the template; matching ignores case, and the Persian label is accepted too. */
  key: string;
  labelFa: string;
  type: ColumnType;
  required: boolean;
  /** Allowed values of an `enum` column: the English value or its Persian label. */
  values?: readonly EnumValue[];
  /** For `ref` columns: whose code this names. */
  ref?: 'parks' | 'clusters' | 'units' | 'headings';
  descriptionFa: string;
  descriptionEn: string;
  example: string;
}

export interface EntityTemplate {
  entity: ImportEntity;
  nameFa: string;
  nameEn: string;
  /** Reference entities only rename existing rows; their codes are fixed by data/. */
  renameOnly: boolean;
  columns: readonly ColumnDef[];
}

const code = (descriptionFa: string, descriptionEn: string, example: string): ColumnDef => ({
  key: 'code',
  labelFa: 'کد',
  type: 'code',
  required: true,
  descriptionFa,
  descriptionEn,
  example,
});
const nameFa = (example: string): ColumnDef => ({
  key: 'name_fa',
  labelFa: 'نام فارسی',
  type: 'text',
  required: true,
  descriptionFa: 'نام به فارسی',
  descriptionEn: 'Name in Persian',
  example,
});
const nameEn = (example: string, required = false): ColumnDef => ({
  key: 'name_en',
  labelFa: 'نام انگلیسی',
  type: 'text',
  required,
  descriptionFa: required
    ? 'نام به انگلیسی'
    : 'نام به انگلیسی؛ اگر خالی باشد نام فارسی به کار می‌رود',
  descriptionEn: required ? 'Name in English' : 'Name in English; the Persian name when empty',
  example,
});
const province: ColumnDef = {
  key: 'province',
  labelFa: 'استان',
  type: 'province',
  required: true,
  descriptionFa: 'کد ISO (IR-23)، نام فارسی یا نام انگلیسی استان',
  descriptionEn: 'Province: ISO code (IR-23), Persian or English name',
  example: 'تهران',
};
const sector: ColumnDef = {
  key: 'sector',
  labelFa: 'بخش',
  type: 'sector',
  required: true,
  descriptionFa: 'کد گروه صنعتی (METL، FOOD…) یا نام آن',
  descriptionEn: 'Industry group: code (METL, FOOD…) or its name',
  example: 'FOOD',
};
const year = (
  key: string,
  labelFa: string,
  descriptionFa: string,
  descriptionEn: string,
  example: string,
  required = false,
): ColumnDef => ({
  key,
  labelFa,
  type: 'year',
  required,
  descriptionFa: `${descriptionFa} (سال شمسی ${YEAR_MIN} تا ${YEAR_MAX})`,
  descriptionEn: `${descriptionEn} (Jalali year ${YEAR_MIN}–${YEAR_MAX})`,
  example,
});

/** The metrics of a targets file, as named in it (server/domain/plan.ts lists them). */
export const TARGET_METRICS: readonly (EnumValue & { value: PlanMetric })[] = [
  { value: 'amount', fa: 'مبلغ پرداختی', alsoFa: ['مبلغ'] },
  { value: 'grants', fa: 'حمایت‌های پرداخت‌شده', alsoFa: ['تعداد حمایت'] },
  { value: 'supportedUnits', fa: 'واحدهای حمایت‌شده' },
  { value: 'units', fa: 'واحدهای تولیدی', alsoFa: ['تعداد واحد'] },
  { value: 'employment', fa: 'اشتغال' },
];

/** Every entity's template, in dependency order. */
export const TEMPLATES: readonly EntityTemplate[] = [
  {
    entity: 'provinces',
    nameFa: 'استان‌ها',
    nameEn: 'Provinces',
    renameOnly: true,
    columns: [
      code('کد ISO استان (IR-00 تا IR-30)', 'ISO 3166-2:IR code (IR-00…IR-30)', 'IR-23'),
      nameFa('تهران'),
      nameEn('Tehran', true),
    ],
  },
  {
    entity: 'sectors',
    nameFa: 'گروه‌های صنعتی',
    nameEn: 'Sectors',
    renameOnly: true,
    columns: [
      code('کد گروه صنعتی', 'Sector code', 'FOOD'),
      nameFa('غذایی و آشامیدنی'),
      nameEn('Food and beverages', true),
    ],
  },
  {
    entity: 'headings',
    nameFa: 'سرفصل‌های حمایتی',
    nameEn: 'Support headings',
    renameOnly: true,
    columns: [
      code('کد سرفصل حمایتی (FIN-01…)', 'Support heading code (FIN-01…)', 'FIN-01'),
      nameFa('تسهیلات سرمایه در گردش'),
      nameEn('Working-capital facilities', true),
    ],
  },
  {
    entity: 'parks',
    nameFa: 'شهرک‌ها و نواحی صنعتی',
    nameEn: 'Industrial parks and zones',
    renameOnly: false,
    columns: [
      code('کد یکتای شهرک یا ناحیه', 'Unique park or zone code', 'P-THR-01'),
      nameFa('شهرک صنعتی عباس‌آباد'),
      nameEn('Abbasabad Industrial Park'),
      province,
      {
        key: 'kind',
        labelFa: 'نوع',
        type: 'enum',
        required: true,
        values: [
          { value: 'park', fa: 'شهرک' },
          { value: 'zone', fa: 'ناحیه' },
          { value: 'specialised', fa: 'تخصصی' },
          { value: 'technology', fa: 'فناوری' },
        ],
        descriptionFa: 'شهرک، ناحیه، تخصصی یا فناوری',
        descriptionEn: 'park, zone, specialised or technology',
        example: 'park',
      },
      {
        key: 'status',
        labelFa: 'وضعیت',
        type: 'enum',
        required: true,
        values: [
          { value: 'active', fa: 'فعال' },
          { value: 'developing', fa: 'در حال توسعه' },
          { value: 'inactive', fa: 'غیرفعال' },
        ],
        descriptionFa: 'فعال، در حال توسعه یا غیرفعال',
        descriptionEn: 'active, developing or inactive',
        example: 'active',
      },
      year('established_year', 'سال تأسیس', 'سال تأسیس', 'Year established', '1370'),
    ],
  },
  {
    entity: 'clusters',
    nameFa: 'خوشه‌های صنعتی',
    nameEn: 'Industrial clusters',
    renameOnly: false,
    columns: [
      code('کد یکتای خوشه', 'Unique cluster code', 'C-ESF-07'),
      nameFa('خوشه فرش دستباف کاشان'),
      nameEn('Kashan hand-woven carpet cluster'),
      province,
      sector,
      {
        key: 'product_fa',
        labelFa: 'محصول',
        type: 'text',
        required: false,
        descriptionFa: 'محصول اصلی خوشه',
        descriptionEn: 'Main product, in Persian',
        example: 'فرش دستباف',
      },
      {
        key: 'product_en',
        labelFa: 'محصول انگلیسی',
        type: 'text',
        required: false,
        descriptionFa: 'محصول اصلی به انگلیسی',
        descriptionEn: 'Main product, in English',
        example: 'Hand-woven carpets',
      },
      {
        key: 'stage',
        labelFa: 'مرحله',
        type: 'enum',
        required: true,
        values: [
          { value: 'identified', fa: 'شناسایی‌شده' },
          { value: 'developing', fa: 'در حال توسعه' },
          { value: 'completed', fa: 'تکمیل‌شده' },
        ],
        descriptionFa: 'شناسایی‌شده، در حال توسعه یا تکمیل‌شده',
        descriptionEn: 'identified, developing or completed',
        example: 'developing',
      },
      year('identified_year', 'سال شناسایی', 'سال شناسایی', 'Year identified', '1396'),
      year('completed_year', 'سال تکمیل', 'سال تکمیل', 'Year completed', ''),
    ],
  },
  {
    entity: 'units',
    nameFa: 'واحدهای تولیدی',
    nameEn: 'Production units',
    renameOnly: false,
    columns: [
      code('کد یکتای واحد', 'Unique unit code', 'U-0000001'),
      nameFa('صنایع غذایی نمونه'),
      province,
      {
        key: 'park',
        labelFa: 'شهرک',
        type: 'ref',
        ref: 'parks',
        required: false,
        descriptionFa: 'کد شهرک یا ناحیه (در همان استان)؛ خالی اگر بیرون از شهرک است',
        descriptionEn: 'Park or zone code (same province); empty when outside a park',
        example: 'P-THR-01',
      },
      {
        key: 'cluster',
        labelFa: 'خوشه',
        type: 'ref',
        ref: 'clusters',
        required: false,
        descriptionFa: 'کد خوشه (در همان استان)؛ خالی اگر عضو خوشه نیست',
        descriptionEn: 'Cluster code (same province); empty when not in a cluster',
        example: '',
      },
      sector,
      {
        key: 'status',
        labelFa: 'وضعیت',
        type: 'enum',
        required: true,
        values: statusValues(UNIT_STATUS_NAMES),
        descriptionFa: 'فعال، راکد، احیاشده یا تعطیل',
        descriptionEn: 'active, idle, revived or closed',
        example: 'active',
      },
      {
        key: 'exporter',
        labelFa: 'صادرکننده',
        type: 'bool',
        required: false,
        descriptionFa: 'بله/خیر (یا 1/0)؛ خالی یعنی خیر',
        descriptionEn: 'yes/no (or 1/0); empty means no',
        example: 'خیر',
      },
      year(
        'licence_year',
        'سال پروانه',
        'سال پروانه بهره‌برداری',
        'Year of the operating licence',
        '1395',
      ),
    ],
  },
  {
    entity: 'employment',
    nameFa: 'اشتغال',
    nameEn: 'Employment',
    renameOnly: false,
    columns: [
      {
        key: 'unit',
        labelFa: 'واحد',
        type: 'ref',
        ref: 'units',
        required: true,
        descriptionFa: 'کد واحد تولیدی',
        descriptionEn: 'Production unit code',
        example: 'U-0000001',
      },
      year('year', 'سال', 'سال', 'Year', '1402', true),
      {
        key: 'employees',
        labelFa: 'تعداد کارکنان',
        type: 'count',
        required: true,
        descriptionFa: 'تعداد کارکنان در آن سال (عدد صحیح نامنفی)',
        descriptionEn: 'Employees that year (whole number ≥ 0)',
        example: '۲۴',
      },
    ],
  },
  {
    entity: 'grants',
    nameFa: 'حمایت‌ها',
    nameEn: 'Grants',
    renameOnly: false,
    columns: [
      code('کد یکتای پرونده حمایت', 'Unique grant (case) code', 'G-1402-000001'),
      {
        key: 'unit',
        labelFa: 'واحد',
        type: 'ref',
        ref: 'units',
        required: true,
        descriptionFa: 'کد واحد تولیدی',
        descriptionEn: 'Production unit code',
        example: 'U-0000001',
      },
      {
        key: 'heading',
        labelFa: 'سرفصل',
        type: 'ref',
        ref: 'headings',
        required: true,
        descriptionFa: 'کد سرفصل حمایتی (FIN-01…)',
        descriptionEn: 'Support heading code (FIN-01…)',
        example: 'FIN-01',
      },
      {
        key: 'status',
        labelFa: 'وضعیت',
        type: 'enum',
        required: true,
        values: statusValues(GRANT_STATUS_NAMES),
        descriptionFa: 'درخواست‌شده، تصویب‌شده (یا مصوب)، ردشده، پرداخت‌شده یا لغوشده',
        descriptionEn: 'applied, approved, rejected, disbursed or cancelled',
        example: 'disbursed',
      },
      {
        key: 'applied_on',
        labelFa: 'تاریخ درخواست',
        type: 'date',
        required: true,
        descriptionFa: 'تاریخ شمسی درخواست، مانند 1402/05/17',
        descriptionEn: 'Jalali application date, e.g. 1402/05/17',
        example: '1402/05/17',
      },
      {
        key: 'disbursed_on',
        labelFa: 'تاریخ پرداخت',
        type: 'date',
        required: false,
        descriptionFa: 'تاریخ شمسی پرداخت؛ برای وضعیت پرداخت‌شده الزامی است',
        descriptionEn: 'Jalali disbursement date; required when the status is disbursed',
        example: '۱۴۰۲-۰۸-۰۱',
      },
      {
        key: 'requested_amount',
        labelFa: 'مبلغ درخواستی',
        type: 'amount',
        required: true,
        descriptionFa: 'مبلغ درخواستی به ریال',
        descriptionEn: 'Requested amount in rials',
        example: '5,000,000,000',
      },
      {
        key: 'approved_amount',
        labelFa: 'مبلغ مصوب',
        type: 'amount',
        required: false,
        descriptionFa: 'مبلغ مصوب به ریال',
        descriptionEn: 'Approved amount in rials',
        example: '4,000,000,000',
      },
      {
        key: 'disbursed_amount',
        labelFa: 'مبلغ پرداختی',
        type: 'amount',
        required: false,
        descriptionFa:
          'مبلغ پرداختی به ریال (بیشتر از مبلغ مصوب نباشد)؛ برای وضعیت پرداخت‌شده الزامی است',
        descriptionEn:
          'Disbursed amount in rials (not above the approved amount); required when disbursed',
        example: '4,000,000,000',
      },
    ],
  },
  {
    entity: 'targets',
    nameFa: 'اهداف برنامه',
    nameEn: 'Plan targets',
    renameOnly: false,
    columns: [
      year('year', 'سال', 'سال برنامه', 'Plan year', '1403', true),
      {
        key: 'province',
        labelFa: 'استان',
        type: 'place',
        required: true,
        descriptionFa: `کد ISO (IR-23)، نام فارسی یا انگلیسی استان، یا «${NATIONAL.fa}»`,
        descriptionEn: `Province: ISO code (IR-23), Persian or English name, or «${NATIONAL.fa}» (${NATIONAL.en.toLowerCase()})`,
        example: 'تهران',
      },
      {
        key: 'support',
        labelFa: 'حمایت',
        type: 'support',
        required: false,
        descriptionFa: `کد یا نام دسته حمایت (FIN)، کد سرفصل (FIN-01)، یا «${ALL_SUPPORT.fa}»؛ خالی یعنی ${ALL_SUPPORT.fa}. برای واحدها و اشتغال فقط ${ALL_SUPPORT.fa}`,
        descriptionEn: `Support category code or name (FIN), heading code (FIN-01), or «${ALL_SUPPORT.fa}» (all); empty means all. Units and employment targets take all only`,
        example: 'FIN',
      },
      {
        key: 'metric',
        labelFa: 'شاخص',
        type: 'enum',
        required: true,
        values: TARGET_METRICS,
        descriptionFa:
          'مبلغ پرداختی، حمایت‌های پرداخت‌شده، واحدهای حمایت‌شده، واحدهای تولیدی یا اشتغال (همان تعریف داشبورد)',
        descriptionEn:
          "amount, grants, supportedUnits, units or employment (the dashboard's own definitions)",
        example: 'amount',
      },
      {
        key: 'value',
        labelFa: 'مقدار هدف',
        type: 'quantity',
        required: true,
        descriptionFa: 'مقدار هدف سال: عدد صحیح نامنفی (برای مبلغ به ریال)',
        descriptionEn: "The year's target: a whole number ≥ 0 (rials for the amount)",
        example: '250,000,000,000',
      },
    ],
  },
];

/** The template of an entity. */
export function templateOf(entity: ImportEntity): EntityTemplate {
  const t = TEMPLATES.find((x) => x.entity === entity);
  if (!t) throw new Error(`no template for ${entity}`);
  return t;
}

export function isImportEntity(name: string): name is ImportEntity {
  return (IMPORT_ENTITIES as readonly string[]).includes(name);
}
