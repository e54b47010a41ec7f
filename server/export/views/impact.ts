import type { QueryOptions } from '../../engine/planner/query-plan.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Filters } from '../../domain/filters.ts';
import { categorySelections } from '../../domain/impact-selections.ts';
import type { Scope } from '../../domain/scope.ts';
import { getImpact, type ImpactResult } from '../../queries/impact.ts';
import { getReferenceMaps } from '../../engine/facts/reference-lookup.ts';
import { col } from '../columns.ts';
import type { ViewOptions } from '../request.ts';
import { tableOf, type Cell, type Lang, type Row } from '../table.ts';

/**
 * `stats.impact`: supported units against comparable unsupported ones, one row per comparison —
 * the whole selection (the impact result panel), or each support category under its own headings
 * (`by=category`, the per-category chart: the same selections, categorySelections).
 */
export async function impactTable(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: ViewOptions['impact'],
  lang: Lang,
  queries: QueryOptions = {},
): Promise<ReturnType<typeof tableOf>> {
  const group = (key: string, fa: string, en: string) => [
    col(`${key}Units`, 'int', `واحدهای ${fa}`, `${en} units`),
    col(`${key}EmploymentFrom`, 'int', `اشتغال ${fa} در سال آغاز`, `${en} employment, first year`),
    col(`${key}EmploymentTo`, 'int', `اشتغال ${fa} در سال پایان`, `${en} employment, last year`),
    col(`${key}ChangePct`, 'decimal', `تغییر اشتغال ${fa} (٪)`, `${en} employment change (%)`),
  ];
  const columns = [
    col('category', 'text', 'کد دسته حمایت', 'Support category code'),
    col('categoryName', 'text', 'دسته حمایت', 'Support category'),
    col('from', 'year', 'از سال', 'From year'),
    col('to', 'year', 'تا سال', 'To year'),
    ...group('supported', 'حمایت‌شده', 'Supported'),
    ...group('comparison', 'گروه مقایسه', 'Comparison'),
    col('differencePct', 'decimal', 'تفاوت (واحد درصد)', 'Difference (percentage points)'),
    col('strata', 'int', 'طبقه‌های مشترک', 'Shared strata'),
  ];
  const cells = (r: ImpactResult): Cell[] => [
    r.range.from,
    r.range.to,
    ...[r.supported, r.comparison].flatMap((g) => [
      g.units,
      g.employmentFrom,
      g.employmentTo,
      g.changePct,
    ]),
    r.differencePct,
    r.strata,
  ];
  if (options.by !== 'category') {
    const all = lang === 'fa' ? 'همه' : 'All';
    return tableOf(columns, [['', all, ...cells(await getImpact(db, scope, filters, queries))]]);
  }
  const refs = await getReferenceMaps(db);
  const headingCategory = new Map(
    [...refs.headings.byId.values()].map((h) => [
      h.code,
      refs.categories.byId.get(refs.categoryOfHeading.get(h.id) ?? 0)?.code ?? '',
    ]),
  );
  const categories = [...refs.categories.byId.values()];
  const rows: Row[] = [];
  // One after another, as the impact query is a long read each time.
  for (const s of categorySelections(
    filters,
    categories.map((c) => c.code),
    headingCategory,
  )) {
    const category = refs.categories.byCode.get(s.category);
    const name = category ? (lang === 'fa' ? category.nameFa : category.nameEn) : s.category;
    rows.push([s.category, name, ...cells(await getImpact(db, scope, s.filters, queries))]);
  }
  return tableOf(columns, rows);
}
