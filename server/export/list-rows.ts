import type { GrantStatus } from '../db/schema.ts';
import { sizeClassOf, type SizeClass } from '../domain/size.ts';
import { GRANT_STATUS_NAMES, UNIT_STATUS_NAMES } from '../domain/statuses.ts';
import type { GrantTuple, UnitTuple } from '../engine/sql/raw-lists.ts';
import { col } from './columns.ts';
import type { Bilingual, ExportColumn, Lang, Row } from './table.ts';

/**
 * The raw lists' columns and the mapping of a database tuple to a file row. Pure and built from
 * plain data (ListNames), so the same code runs on the main thread (keyset pages, PostgreSQL) and
 * in the list worker thread (SQLite scan): one definition of what a list row holds.
 */

const UNIT_STATUS: Record<string, Bilingual> = UNIT_STATUS_NAMES;
const GRANT_STATUS: Record<GrantStatus, Bilingual> = GRANT_STATUS_NAMES;

const YES_NO = { fa: ['بله', 'خیر'], en: ['Yes', 'No'] } as const;

/**
 * Codes and names (in the file's language) of everything a list row refers to by id. Plain
 * arrays so it can be posted to a worker thread.
 */
export interface ListNames {
  lang: Lang;
  /** [id, code, name] */
  provinces: [number, string, string][];
  sectors: [number, string, string][];
  /** [id, code, name, category code] */
  headings: [number, string, string, string][];
  /** [id, code] */
  parks: [number, string][];
  clusters: [number, string][];
  sizes: Record<SizeClass, string>;
}

/** Where a unit is: the same six columns, in the same order, in the units and grants lists. */
const LOCATION_COLUMNS: readonly ExportColumn[] = [
  repeats(col('province', 'text', 'کد استان', 'Province code')),
  repeats(col('provinceName', 'text', 'استان', 'Province')),
  repeats(col('park', 'text', 'کد شهرک/ناحیه', 'Park/zone code')),
  repeats(col('cluster', 'text', 'کد خوشه', 'Cluster code')),
  repeats(col('sector', 'text', 'کد گروه صنعتی', 'Sector code')),
  repeats(col('sectorName', 'text', 'گروه صنعتی', 'Sector')),
];

export function unitColumns(range: { from: number; to: number }): ExportColumn[] {
  return [
    col('code', 'text', 'کد واحد', 'Unit code'),
    col('name', 'text', 'نام واحد', 'Unit name'),
    ...LOCATION_COLUMNS,
    repeats(col('status', 'text', 'وضعیت', 'Status')),
    repeats(col('exporter', 'text', 'صادرکننده', 'Exporter')),
    col('licenceYear', 'year', 'سال پروانه', 'Licence year'),
    col('employeesFrom', 'int', `شاغلان ${range.from}`, `Employees ${range.from}`),
    col('employeesTo', 'int', `شاغلان ${range.to}`, `Employees ${range.to}`),
    repeats(col('size', 'text', `اندازه ${range.to}`, `Size ${range.to}`)),
  ];
}

/**
 * The grants list's columns. Two sizes: the unit's size in the range's last year (what a size
 * filter selects by, as for every metric) and in the grant's own year.
 */
export function grantColumns(range: { from: number; to: number }): ExportColumn[] {
  return [
    col('code', 'text', 'کد حمایت', 'Grant code'),
    col('unit', 'text', 'کد واحد', 'Unit code'),
    col('unitName', 'text', 'نام واحد', 'Unit name'),
    ...LOCATION_COLUMNS,
    repeats(col('sizeTo', 'text', `اندازه ${range.to}`, `Size ${range.to}`)),
    ...GRANT_DETAIL_COLUMNS,
  ];
}

const GRANT_DETAIL_COLUMNS: readonly ExportColumn[] = [
  repeats(col('size', 'text', 'اندازه در سال حمایت', 'Size in the grant year')),
  repeats(col('category', 'text', 'کد دسته حمایت', 'Support category code')),
  repeats(col('heading', 'text', 'کد سرفصل حمایت', 'Support heading code')),
  repeats(col('headingName', 'text', 'سرفصل حمایت', 'Support heading')),
  col('year', 'year', 'سال', 'Year'),
  col('month', 'int', 'ماه', 'Month'),
  col('appliedOn', 'text', 'تاریخ درخواست (میلادی)', 'Applied on (ISO)'),
  col('disbursedOn', 'text', 'تاریخ پرداخت (میلادی)', 'Disbursed on (ISO)'),
  col('requestedAmount', 'money', 'مبلغ درخواستی (ریال)', 'Requested amount (rials)'),
  col('approvedAmount', 'money', 'مبلغ مصوب (ریال)', 'Approved amount (rials)'),
  col('disbursedAmount', 'money', 'مبلغ پرداختی (ریال)', 'Disbursed amount (rials)'),
  repeats(col('status', 'text', 'وضعیت', 'Status')),
];

function repeats(column: ExportColumn): ExportColumn {
  return { ...column, repeats: true };
}

/** id → [code, name, …] lookups; a missing id gives empty cells rather than a crash. */
function lookup<T extends [number, ...string[]]>(entries: T[]): Map<number, T> {
  return new Map(entries.map((e) => [e[0], e]));
}

const NONE = [0, '', '', ''] as const;

/** Size class names per employee count, in the file's language. */
function sizeNamer(names: ListNames['sizes']) {
  return (employees: number | null) => (employees === null ? null : names[sizeClassOf(employees)]);
}

/** A units-list tuple → its file row (unitColumns order). */
export function unitRowMapper(names: ListNames): (t: UnitTuple) => Row {
  const { lang } = names;
  const provinces = lookup(names.provinces);
  const sectors = lookup(names.sectors);
  const parks = new Map(names.parks);
  const clusters = new Map(names.clusters);
  const size = sizeNamer(names.sizes);
  const status = new Map(Object.entries(UNIT_STATUS).map(([k, v]) => [k, v[lang]]));
  const [yes, no] = YES_NO[lang];
  return (t) => {
    const province = provinces.get(t[3]) ?? NONE;
    const sector = sectors.get(t[6]) ?? NONE;
    return [
      t[1],
      t[2],
      province[1],
      province[2],
      t[4] === null ? null : (parks.get(t[4]) ?? null),
      t[5] === null ? null : (clusters.get(t[5]) ?? null),
      sector[1],
      sector[2],
      status.get(t[7]) ?? t[7],
      t[8] === 1 ? yes : no,
      t[9],
      t[10],
      t[11],
      size(t[11]),
    ];
  };
}

/** A grants-list tuple → its file row (grantColumns order). */
export function grantRowMapper(names: ListNames): (t: GrantTuple) => Row {
  const { lang } = names;
  const provinces = lookup(names.provinces);
  const sectors = lookup(names.sectors);
  const headings = lookup(names.headings);
  const parks = new Map(names.parks);
  const clusters = new Map(names.clusters);
  const size = sizeNamer(names.sizes);
  const status = new Map(Object.entries(GRANT_STATUS).map(([k, v]) => [k, v[lang]]));
  return (t) => {
    const province = provinces.get(t[4]) ?? NONE;
    const sector = sectors.get(t[7]) ?? NONE;
    const heading = headings.get(t[8]) ?? NONE;
    return [
      t[1],
      t[2],
      t[3],
      province[1],
      province[2],
      t[5] === null ? null : (parks.get(t[5]) ?? null),
      t[6] === null ? null : (clusters.get(t[6]) ?? null),
      sector[1],
      sector[2],
      size(t[18]),
      size(t[17]),
      heading[3],
      heading[1],
      heading[2],
      t[9],
      t[10],
      t[11],
      t[12],
      t[13],
      t[14],
      t[15],
      status.get(t[16]) ?? t[16],
    ];
  };
}
