import { LIST_KEYS, type Filters, type ListKey } from '../../../server/domain/filters.ts';
import { CATEGORIES, HEADINGS, PROVINCES, SECTORS } from '../../../server/domain/reference.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Formatter, Lang } from '../../lib/format.ts';

/** Park and cluster names come from the data (meta.dimensions); the rest is reference data. */
export interface CaptionMembers {
  parks: readonly { code: string; nameFa: string; nameEn: string }[];
  clusters: readonly { code: string; nameFa: string; nameEn: string }[];
}

/** A list filter with more values than this is summarised («و ۵ مورد دیگر»). */
const MAX_NAMED = 4;

type Named = { code: string; nameFa: string; nameEn: string };

function namer(members: CaptionMembers | null, lang: Lang, t: Translate) {
  const lists: Partial<Record<ListKey, readonly Named[]>> = {
    province: PROVINCES,
    sector: SECTORS,
    category: CATEGORIES,
    heading: HEADINGS,
    park: members?.parks ?? [],
    cluster: members?.clusters ?? [],
  };
  return (key: ListKey, code: string): string => {
    if (key === 'size') return t(`size.${code}` as 'size.micro');
    const found = lists[key]?.find((m) => m.code === code);
    return found ? (lang === 'fa' ? found.nameFa : found.nameEn) : code;
  };
}

/**
 * The active filters as one readable line for a slide caption, in the UI language:
 * «استان: تهران، اصفهان · سال‌ها: ۱۳۹۸ تا ۱۴۰۳». The year range is always stated (the effective
 * one when the filters leave it open), so a slide never hides which years it shows.
 */
export function filterCaption(
  filters: Filters,
  range: { from: number; to: number } | null,
  members: CaptionMembers | null,
  t: Translate,
  fmt: Formatter,
): string {
  const lang = fmt.locale.lang;
  const name = namer(members, lang, t);
  const comma = lang === 'fa' ? '، ' : ', ';
  const parts: string[] = [];
  for (const key of LIST_KEYS) {
    const codes = filters[key];
    if (codes.length === 0) continue;
    const named = codes.slice(0, MAX_NAMED).map((code) => name(key, code));
    const rest = codes.length - named.length;
    const values =
      rest > 0
        ? `${named.join(comma)}${t('briefing.andMore', { count: fmt.number(rest) })}`
        : named.join(comma);
    parts.push(`${t(`filters.${key}`)}: ${values}`);
  }
  const from = filters.from ?? range?.from;
  const to = filters.to ?? range?.to;
  if (from !== undefined && to !== undefined) {
    parts.push(`${t('filters.years')}: ${fmt.yearRange(from, to)}`);
  } else if (from !== undefined) {
    parts.push(`${t('filters.from')}: ${fmt.year(from)}`);
  } else if (to !== undefined) {
    parts.push(`${t('filters.to')}: ${fmt.year(to)}`);
  }
  const anyList = LIST_KEYS.some((key) => filters[key].length > 0);
  if (!anyList) parts.unshift(t('briefing.allUnits'));
  return parts.join(' · ');
}

/**
 * The dataset's source in the UI language. The seed writes it bilingual («English / فارسی»);
 * the half in the reader's script is shown, anything else as it is.
 */
export function sourceText(source: string, lang: Lang): string {
  const parts = source.split(' / ');
  if (parts.length !== 2) return source;
  const persian = parts.find((p) => /[\u0600-\u06FF]/.test(p));
  const latin = parts.find((p) => !/[\u0600-\u06FF]/.test(p));
  return (lang === 'fa' ? persian : latin) ?? source;
}
