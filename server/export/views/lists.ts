import type { Kysely } from 'kysely';
import type { Database, GrantStatus } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import type { Scope } from '../../domain/scope.ts';
import type { SizeClass } from '../../domain/size.ts';
import { iterateGrantList, iterateUnitList } from '../../queries/raw-lists.ts';
import { getReferenceMaps, SIZE_NAMES, type RefTable } from '../../queries/reference-lookup.ts';
import { resolveFilters } from '../../queries/resolve-filters.ts';
import { col } from '../columns.ts';
import type { Bilingual, ExportTable, Lang, Row } from '../table.ts';

/**
 * The raw filtered lists. Rows stream page by page from the keyset iterators of
 * server/queries/raw-lists.ts; nothing here holds more than one page.
 */

const UNIT_STATUS: Record<string, Bilingual> = {
  active: { fa: 'فعال', en: 'Active' },
  idle: { fa: 'راکد', en: 'Idle' },
  revived: { fa: 'احیاشده', en: 'Revived' },
  closed: { fa: 'تعطیل', en: 'Closed' },
};

const GRANT_STATUS: Record<GrantStatus, Bilingual> = {
  applied: { fa: 'درخواست‌شده', en: 'Applied' },
  approved: { fa: 'تصویب‌شده', en: 'Approved' },
  rejected: { fa: 'ردشده', en: 'Rejected' },
  disbursed: { fa: 'پرداخت‌شده', en: 'Disbursed' },
  cancelled: { fa: 'لغوشده', en: 'Cancelled' },
};

const YES_NO = { fa: ['بله', 'خیر'], en: ['Yes', 'No'] } as const;

function namer(lang: Lang, table: RefTable) {
  const byCode = new Map(
    [...table.byCode].map(([code, m]) => [code, lang === 'fa' ? m.nameFa : m.nameEn]),
  );
  return (code: string) => byCode.get(code) ?? '';
}

const sizeName = (lang: Lang, size: SizeClass | null) => (size ? SIZE_NAMES[size][lang] : null);

/**
 * The units the `units` metric counts: those with an employment row in the range's last year.
 * Filters are checked (unknown park → FilterValidationError) before the table is returned.
 */
export async function unitsTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  lang: Lang,
): Promise<ExportTable> {
  const [rf, refs] = await Promise.all([resolveFilters(db, scope, filters), getReferenceMaps(db)]);
  const province = namer(lang, refs.provinces);
  const sector = namer(lang, refs.sectors);
  const columns = [
    col('code', 'text', 'کد واحد', 'Unit code'),
    col('name', 'text', 'نام واحد', 'Unit name'),
    col('province', 'text', 'کد استان', 'Province code'),
    col('provinceName', 'text', 'استان', 'Province'),
    col('park', 'text', 'کد شهرک/ناحیه', 'Park/zone code'),
    col('cluster', 'text', 'کد خوشه', 'Cluster code'),
    col('sector', 'text', 'کد گروه صنعتی', 'Sector code'),
    col('sectorName', 'text', 'گروه صنعتی', 'Sector'),
    col('status', 'text', 'وضعیت', 'Status'),
    col('exporter', 'text', 'صادرکننده', 'Exporter'),
    col('licenceYear', 'year', 'سال پروانه', 'Licence year'),
    col('employeesFrom', 'int', `شاغلان ${rf.from}`, `Employees ${rf.from}`),
    col('employeesTo', 'int', `شاغلان ${rf.to}`, `Employees ${rf.to}`),
    col('size', 'text', `اندازه ${rf.to}`, `Size ${rf.to}`),
  ];
  async function* chunks(): AsyncGenerator<Row[]> {
    for await (const page of iterateUnitList(db, scope, filters)) {
      yield page.map((u) => [
        u.code,
        u.nameFa,
        u.province,
        province(u.province),
        u.park,
        u.cluster,
        u.sector,
        sector(u.sector),
        UNIT_STATUS[u.status]?.[lang] ?? u.status,
        YES_NO[lang][u.exporter ? 0 : 1],
        u.licenceYear,
        u.employeesFrom,
        u.employeesTo,
        sizeName(lang, u.sizeTo),
      ]);
    }
  }
  return { columns, chunks: chunks() };
}

/** Grants of the range (disbursed only unless `status` says otherwise), one row each. */
export async function grantsTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  statuses: readonly GrantStatus[],
  lang: Lang,
): Promise<ExportTable> {
  const [, refs] = await Promise.all([resolveFilters(db, scope, filters), getReferenceMaps(db)]);
  const province = namer(lang, refs.provinces);
  const sector = namer(lang, refs.sectors);
  const heading = namer(lang, refs.headings);
  const columns = [
    col('code', 'text', 'کد حمایت', 'Grant code'),
    col('unit', 'text', 'کد واحد', 'Unit code'),
    col('unitName', 'text', 'نام واحد', 'Unit name'),
    col('province', 'text', 'کد استان', 'Province code'),
    col('provinceName', 'text', 'استان', 'Province'),
    col('park', 'text', 'کد شهرک/ناحیه', 'Park/zone code'),
    col('cluster', 'text', 'کد خوشه', 'Cluster code'),
    col('sector', 'text', 'کد گروه صنعتی', 'Sector code'),
    col('sectorName', 'text', 'گروه صنعتی', 'Sector'),
    col('size', 'text', 'اندازه در سال حمایت', 'Size in the grant year'),
    col('category', 'text', 'کد دسته حمایت', 'Support category code'),
    col('heading', 'text', 'کد سرفصل حمایت', 'Support heading code'),
    col('headingName', 'text', 'سرفصل حمایت', 'Support heading'),
    col('year', 'year', 'سال', 'Year'),
    col('month', 'int', 'ماه', 'Month'),
    col('appliedOn', 'text', 'تاریخ درخواست (میلادی)', 'Applied on (ISO)'),
    col('disbursedOn', 'text', 'تاریخ پرداخت (میلادی)', 'Disbursed on (ISO)'),
    col('requestedAmount', 'money', 'مبلغ درخواستی (ریال)', 'Requested amount (rials)'),
    col('approvedAmount', 'money', 'مبلغ مصوب (ریال)', 'Approved amount (rials)'),
    col('disbursedAmount', 'money', 'مبلغ پرداختی (ریال)', 'Disbursed amount (rials)'),
    col('status', 'text', 'وضعیت', 'Status'),
  ];
  async function* chunks(): AsyncGenerator<Row[]> {
    for await (const page of iterateGrantList(db, scope, filters, { statuses })) {
      yield page.map((g) => [
        g.code,
        g.unitCode,
        g.unitNameFa,
        g.province,
        province(g.province),
        g.park,
        g.cluster,
        g.sector,
        sector(g.sector),
        sizeName(lang, g.size),
        g.category,
        g.heading,
        heading(g.heading),
        g.year,
        g.month,
        g.appliedOn,
        g.disbursedOn,
        g.requestedAmount,
        g.approvedAmount,
        g.disbursedAmount,
        GRANT_STATUS[g.status][lang],
      ]);
    }
  }
  return { columns, chunks: chunks() };
}
