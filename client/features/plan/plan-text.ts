import { KEY_MESSAGES_TEXT } from '../../../server/domain/key-messages.ts';
import type { Lang } from '../../i18n/index.ts';
import { useLocale } from '../../lib/locale.ts';

/**
 * The plan page's and the key-messages panel's own words, in both languages. Kept with the
 * feature rather than in the app dictionaries, which the overview downloads up front: these
 * load with the plan page and the panel's chunk only (the overview's 260 KB budget).
 */
const TEXT = {
  'messages.title': KEY_MESSAGES_TEXT.title,
  'messages.compared': KEY_MESSAGES_TEXT.compared,
  'messages.empty': KEY_MESSAGES_TEXT.empty,
  title: {
    fa: 'برنامه و تحقق',
    en: 'Plan and achievement',
  },
  metric: {
    fa: 'شاخص',
    en: 'Indicator',
  },
  latestYear: {
    fa: 'سال برنامه {year} (آخرین سال داده‌ها؛ سال دیگری را از فیلترها برگزینید)',
    en: 'Plan year {year} (the latest year of the data; pick another year in the filters)',
  },
  total: {
    fa: 'تحقق {achievement}: {actual} از هدف {target}',
    en: '{achievement} achieved: {actual} of a {target} target',
  },
  pace: {
    fa: 'مورد انتظار تا امروز: {pace} (سهم سپری‌شده از سال)',
    en: 'Expected by today: {pace} (the share of the year gone)',
  },
  noTarget: {
    fa: 'هدفی برای همین نما در برنامه نیست.',
    en: 'The plan sets no target for this view.',
  },
  'reason.filters': {
    fa: 'هدف‌ها فقط برای استان و سرفصل حمایت تعیین می‌شوند؛ فیلتر شهرک، خوشه، بخش یا اندازه هدفی ندارد.',
    en: 'Targets are set by province and support only; a park, cluster, sector or size filter has none.',
  },
  'reason.supportMix': {
    fa: 'هدف‌ها برای دسته یا سرفصل تعیین می‌شوند، نه هر دو با هم.',
    en: 'Targets are set for a category or a heading, not both at once.',
  },
  'reason.distinct': {
    fa: 'واحدهای حمایت‌شده چند سرفصل جمع هدف‌هایشان نیست (واحدی که از دو سرفصل حمایت گرفته یک بار شمرده می‌شود).',
    en: 'Supported units of several headings are not the sum of their targets (a unit supported under two counts once).',
  },
  'reason.multiYear': {
    fa: 'واحدهای حمایت‌شده چند سال جمع هدف‌های سالانه نیست؛ یک سال را برگزینید.',
    en: 'Supported units over several years are not the sum of yearly targets; pick one year.',
  },
  missing: {
    fa: 'هدف فقط برای بخشی از این نما هست؛ این موارد هدف ندارند: {list}. جمعی از هدف‌های ناقص ساخته نمی‌شود.',
    en: 'Targets cover only part of this view; these have none: {list}. No total is built from part of the targets.',
  },
  withoutTarget: {
    fa: '{count} مورد هدف ندارند: {list}',
    en: '{count} without a target: {list}',
  },
  byProvince: {
    fa: 'تحقق بر حسب استان',
    en: 'Achievement by province',
  },
  byCategory: {
    fa: 'تحقق بر حسب دسته حمایت',
    en: 'Achievement by support category',
  },
  byHeading: {
    fa: 'تحقق بر حسب سرفصل حمایت',
    en: 'Achievement by support heading',
  },
  target: {
    fa: 'هدف',
    en: 'Target',
  },
  actual: {
    fa: 'عملکرد',
    en: 'Actual',
  },
  achievement: {
    fa: 'تحقق',
    en: 'Achievement',
  },
  wholeCountry: {
    fa: 'کل کشور',
    en: 'Whole country',
  },
  none: {
    fa: 'بدون هدف',
    en: 'no target',
  },
  slideRow: {
    fa: '{name} (تحقق {achievement})',
    en: '{name} ({achievement} of target)',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type PlanTextKey = keyof typeof TEXT;

/** A phrase in `lang` with its `{name}` placeholders filled (numbers formatted by the caller). */
export function planText(
  lang: Lang,
  key: PlanTextKey,
  params: Record<string, string> = {},
): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** `planText` in the page's language. */
export function usePlanText(): (key: PlanTextKey, params?: Record<string, string>) => string {
  const { lang } = useLocale();
  return (key, params) => planText(lang, key, params);
}
