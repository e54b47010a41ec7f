import { LIST_KEYS, type ListKey } from '../domain/filters.ts';
import { sourceText } from '../domain/dataset-source.ts';
import { isoToJalali } from '../domain/jalali.ts';
import { METRIC_DEFS, type Metric } from '../domain/metrics.ts';
import { isDefaultPeriod } from '../domain/period.ts';
import { PLAN_METRICS } from '../domain/plan.ts';
import type { Scope } from '../domain/scope.ts';
import type { DimensionsResult } from '../queries/dimensions.ts';
import { SIZE_NAMES } from '../engine/facts/reference-lookup.ts';
import { DIMENSION_LABELS, METRIC_LABELS, planColumnKeys } from './columns.ts';
import type { ExportTime } from '../domain/export-time.ts';
import type { ExportRequest, ExportView } from './request.ts';
import type { Bilingual, ExportColumn, Lang } from './table.ts';

/** The second sheet («مشخصات» / "About"): what the file holds, under which filters, from where. */
export const ABOUT_SHEET: Bilingual = { fa: 'مشخصات', en: 'About' };
export const DATA_SHEET: Bilingual = { fa: 'داده‌ها', en: 'Data' };

export interface AboutFacts {
  request: ExportRequest;
  columns: ExportColumn[];
  dimensions: DimensionsResult;
  /** The period the file answers (the period rule applied to the request's years). */
  range: { from: number; to: number };
  /** The caller's provinces: the numbers are theirs only. */
  scope: Scope;
  time: ExportTime;
  rowCount: number;
  /** Money cells written as text because they exceed 2^53 (Excel's exact-integer limit). */
  moneyAsText: number;
}

export type AboutLine = [label: string, value: string];

const VIEW_NAMES: Record<ExportView, Bilingual> = {
  summary: { fa: 'خلاصه شاخص‌ها', en: 'Summary of the indicators' },
  breakdown: { fa: 'تفکیک شاخص‌ها', en: 'Indicators by dimension' },
  provinces: { fa: 'جدول استان‌ها', en: 'Province table' },
  timeseries: { fa: 'روند زمانی', en: 'Time series' },
  drill: { fa: 'فهرست اعضای انتخاب', en: 'Members of the selection' },
  units: { fa: 'فهرست واحدهای تولیدی', en: 'List of production units' },
  grants: { fa: 'فهرست حمایت‌ها', en: 'List of grants' },
  impact: {
    fa: 'اثر حمایت بر اشتغال (حمایت‌شده در برابر گروه مقایسه)',
    en: 'Impact on employment (supported against comparison units)',
  },
};

const L = {
  view: { fa: 'محتوا', en: 'Contents' },
  filters: { fa: 'فیلترها', en: 'Filters' },
  years: { fa: 'بازه سال‌ها (شمسی)', en: 'Years (Jalali)' },
  wholeRange: { fa: '(کل بازه داده‌ها)', en: '(the data’s whole range)' },
  scopeAll: { fa: 'همه استان‌های حساب شما', en: 'All of your account’s provinces' },
  all: { fa: 'همه', en: 'All' },
  options: { fa: 'تنظیمات نما', en: 'View settings' },
  source: { fa: 'منبع داده', en: 'Data source' },
  synthetic: { fa: 'داده ساختگی', en: 'Synthetic data' },
  asOf: { fa: 'تازه‌ترین رکورد', en: 'Newest record' },
  exportedJalali: { fa: 'زمان خروجی (شمسی، تهران)', en: 'Exported at (Jalali, Tehran)' },
  exportedIso: { fa: 'زمان خروجی (ISO)', en: 'Exported at (ISO)' },
  rows: { fa: 'تعداد سطرها', en: 'Rows' },
  notes: { fa: 'یادداشت‌ها', en: 'Notes' },
  definitions: { fa: 'تعریف شاخص‌ها', en: 'Indicator definitions' },
  yes: { fa: 'بله', en: 'Yes' },
  no: { fa: 'خیر', en: 'No' },
} satisfies Record<string, Bilingual>;

const FILTER_LABELS: Record<ListKey, Bilingual> = {
  province: DIMENSION_LABELS.province,
  park: DIMENSION_LABELS.park,
  cluster: DIMENSION_LABELS.cluster,
  sector: DIMENSION_LABELS.sector,
  size: DIMENSION_LABELS.size,
  category: DIMENSION_LABELS.category,
  heading: DIMENSION_LABELS.heading,
};

function memberNames(key: ListKey, codes: string[], d: DimensionsResult, lang: Lang): string[] {
  const pick = (list: { code: string; nameFa: string; nameEn: string }[]) => {
    const byCode = new Map(list.map((m) => [m.code, m]));
    return codes.map((c) => {
      const m = byCode.get(c);
      return m ? `${lang === 'fa' ? m.nameFa : m.nameEn} (${c})` : c;
    });
  };
  switch (key) {
    case 'province':
      return pick(d.provinces);
    case 'park':
      return pick(d.parks);
    case 'cluster':
      return pick(d.clusters);
    case 'sector':
      return pick(d.sectors);
    case 'category':
      return pick(d.categories);
    case 'heading':
      return pick(d.headings);
    case 'size':
      return codes.map((c) => SIZE_NAMES[c as keyof typeof SIZE_NAMES]?.[lang] ?? c);
  }
}

function viewOptions(request: ExportRequest, lang: Lang): string[] {
  const out: string[] = [];
  const dim = (d: keyof typeof DIMENSION_LABELS) => DIMENSION_LABELS[d][lang];
  const metric = (m: Metric) => METRIC_LABELS[m][lang];
  const sep = lang === 'fa' ? '، ' : ', ';
  const fa = lang === 'fa';
  switch (request.view) {
    case 'breakdown':
    case 'provinces': {
      const o = request.options;
      if (request.view === 'breakdown') {
        out.push(`${fa ? 'بر حسب' : 'By'}: ${dim(request.options.by)}`);
        if (request.options.by2) out.push(`${fa ? 'و' : 'and'}: ${dim(request.options.by2)}`);
      }
      const sort = o.sort ?? o.metric ?? 'units';
      out.push(
        `${fa ? 'مرتب بر اساس' : 'Sorted by'}: ${metric(sort)} (${o.order === 'asc' ? (fa ? 'صعودی' : 'ascending') : fa ? 'نزولی' : 'descending'})`,
      );
      if (o.metrics)
        out.push(`${fa ? 'شاخص‌ها' : 'Indicators'}: ${o.metrics.map(metric).join(sep)}`);
      break;
    }
    case 'timeseries':
      out.push(
        `${fa ? 'دوره' : 'Period'}: ${{ year: fa ? 'سال' : 'year', quarter: fa ? 'فصل' : 'quarter', month: fa ? 'ماه' : 'month' }[request.options.grain]}`,
      );
      break;
    case 'drill':
      out.push(`${fa ? 'سطح' : 'Level'}: ${dim(request.options.level)}`);
      break;
    case 'grants':
      out.push(`${fa ? 'وضعیت' : 'Status'}: ${request.options.status.join(sep)}`);
      break;
    case 'impact':
      if (request.options.by === 'category') {
        out.push(`${fa ? 'بر حسب' : 'By'}: ${dim('category')}`);
      }
      break;
    default:
      break;
  }
  return out;
}

function notes(facts: AboutFacts, lang: Lang): string[] {
  const fa = lang === 'fa';
  const out = [
    fa
      ? 'مبالغ به ریال و دقیق‌اند. شاخص‌های واحد و اشتغال فیلتر دسته و سرفصل حمایت را نادیده می‌گیرند.'
      : 'Amounts are exact, in rials. Unit and employment indicators ignore the support category and heading filters.',
  ];
  if (facts.moneyAsText > 0) {
    out.push(
      fa
        ? `${facts.moneyAsText} مبلغ بزرگ‌تر از ۲ به توان ۵۳ است و برای حفظ دقت به صورت متن نوشته شده است.`
        : `${facts.moneyAsText} amount(s) exceed 2^53 and are written as text to keep every digit exact.`,
    );
  }
  // A list is the population of its count (docs/metrics.md): say which count.
  const { request, range } = facts;
  const unitList =
    request.view === 'units' || (request.view === 'drill' && request.options.level === 'unit');
  if (unitList) {
    out.push(
      fa
        ? `هر سطر یکی از واحدهای شمرده‌شده است (دارای سابقه اشتغال در ${range.to})؛ تعداد سطرها برابر شاخص «واحدهای تولیدی» با همین فیلترهاست.`
        : `One row per unit counted (an employment record in ${range.to}): as many rows as the "Production units" indicator under the same filters.`,
    );
  } else if (request.view === 'drill') {
    out.push(
      fa
        ? `فهرست شامل اعضایی است که در ${range.from}–${range.to} واحد شمرده‌شده یا حمایت پرداخت‌شده دارند.`
        : `The list holds the members with a unit counted or a disbursed grant in ${range.from}–${range.to}.`,
    );
  } else if (request.view === 'grants') {
    out.push(
      fa
        ? `هر سطر یک حمایت در ${range.from}–${range.to} است؛ فیلتر اندازه واحدها را با اندازه‌شان در ${range.to} برمی‌گزیند. با وضعیت «پرداخت‌شده»، تعداد سطرها برابر شاخص «حمایت‌های پرداخت‌شده» است.`
        : `One row per grant of ${range.from}–${range.to}; a size filter selects units by their size in ${range.to}. With status "disbursed" there are as many rows as the "Disbursed grants" indicator.`,
    );
  }
  if (facts.request.view === 'breakdown' || facts.request.view === 'provinces') {
    out.push(
      fa
        ? 'سطر «سایر» ردیف‌های بیرون از حد نمایش را جمع می‌کند و سطر «جمع» کل انتخاب است (واحدهای حمایت‌شده متمایز شمرده می‌شوند).'
        : 'The "Others" row folds the rows past the limit; the "Total" row is the whole selection (supported units counted distinctly).',
    );
  }
  if (PLAN_METRICS.some((m) => facts.columns.some((c) => c.key === planColumnKeys(m).target))) {
    out.push(
      fa
        ? 'ستون‌های «هدف» هدف برنامه برای دقیقاً همان چیزی است که سطر نشان می‌دهد (همان سال‌ها، استان و دسته یا سرفصل حمایت) و «تحقق» = عملکرد ÷ هدف، همان که صفحه «برنامه و تحقق» و کارت‌های شاخص نشان می‌دهند. هدف واحدها و اشتغال هدف سال پایانی بازه است؛ هدف مبلغ و تعداد حمایت جمع هدف‌های سال‌های بازه است. جایی که برنامه برای سطر هدفی ندارد (یا فقط برای بخشی از آن دارد) خانه خالی است، نه صفر؛ سطر «سایر» هدف ندارد و سطر «جمع» هدف کل نما را دارد.'
        : 'The "Target" columns hold the plan’s target for exactly what the row shows (the same years, province and support category or heading) and "Achievement" is actual ÷ target, as the "Plan and achievement" page and the KPI cards show them. Units and employment targets are those of the range’s last year; amount and grants targets add up the range’s years. A cell is empty, not 0, where the plan sets no target for the row (or for only part of it); the "Others" row has none and the "Total" row holds the whole view’s target.',
    );
  }
  out.push(
    fa
      ? 'برگه «پیام‌های کلیدی» جمله‌هایی است که داشبورد برای همین فیلترها و دوره و حساب نشان می‌دهد، هر یک با نشانی نمایی که آن را نشان می‌دهد.'
      : 'The "Key messages" sheet holds the sentences the dashboard shows for the same filters, period and account, each with the address of the view that shows it.',
  );
  return out;
}

/** The About sheet's lines, in the request's language. */
export function aboutLines(facts: AboutFacts): AboutLine[] {
  const { request, dimensions: d } = facts;
  const lang = request.lang;
  const t = (b: Bilingual) => b[lang];
  const sep = lang === 'fa' ? '، ' : ', ';
  const lines: AboutLine[] = [[t(L.view), t(VIEW_NAMES[request.view])]];
  // The period rule (server/domain/period.ts): no year in the request means the whole range.
  const open = isDefaultPeriod(request.filters);
  lines.push([
    t(L.years),
    `${facts.range.from}–${facts.range.to}${open ? ` ${t(L.wholeRange)}` : ''}`,
  ]);
  for (const key of LIST_KEYS) {
    const codes = request.filters[key];
    // A scoped account's "all provinces" is its own provinces, named.
    const all =
      key === 'province' && facts.scope.provinces !== 'all'
        ? `${t(L.scopeAll)}: ${memberNames('province', facts.scope.provinces, d, lang).join(sep)}`
        : t(L.all);
    lines.push([
      `${t(L.filters)}: ${t(FILTER_LABELS[key])}`,
      codes.length === 0 ? all : memberNames(key, codes, d, lang).join(sep),
    ]);
  }
  for (const option of viewOptions(request, lang)) lines.push([t(L.options), option]);
  lines.push([t(L.source), d.dataset.source ? sourceText(d.dataset.source, lang) : '—']);
  lines.push([
    t(L.synthetic),
    d.dataset.synthetic ? `${t(L.yes)}${d.dataset.scale ? ` (${d.dataset.scale})` : ''}` : t(L.no),
  ]);
  if (d.dataset.asOf) {
    const j = isoToJalali(d.dataset.asOf);
    lines.push([
      t(L.asOf),
      `${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')} (${d.dataset.asOf})`,
    ]);
  }
  lines.push([t(L.exportedJalali), facts.time.jalaliDateTime]);
  lines.push([t(L.exportedIso), facts.time.iso]);
  lines.push([t(L.rows), String(facts.rowCount)]);
  for (const note of notes(facts, lang)) lines.push([t(L.notes), note]);
  const metricKeys = new Set<string>(Object.keys(METRIC_DEFS));
  for (const c of facts.columns) {
    if (metricKeys.has(c.key)) {
      lines.push([
        `${t(L.definitions)}: ${c.label[lang]}`,
        METRIC_DEFS[c.key as Metric].definition[lang],
      ]);
    }
  }
  return lines;
}
