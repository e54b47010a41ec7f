import { LIST_KEYS, type Filters, type ListKey } from '../../server/domain/filters.ts';
import { CATEGORIES, HEADINGS, PROVINCES, SECTORS } from '../../server/domain/reference.ts';
import type { Translate } from '../i18n/index.ts';
import type { Formatter, Lang } from './format.ts';
import type { Period } from '../../server/domain/period.ts';

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

/** Everything a caption states: the page's filters (route pins included), period and scope. */
export interface CaptionState {
  filters: Filters;
  /** The period the view answers (effectivePeriod), or null while the dataset's years load. */
  period: Period | null;
  /** The URL names no year, so the period is the data's whole range (period.ts). */
  wholeRange: boolean;
  /** The provinces the viewer's account may see ('all', or their codes). */
  scope: 'all' | readonly string[];
}

/**
 * The view's state as one readable line, in the UI language, for the filter bar, a slide, a saved
 * view: «استان: تهران، اصفهان · سال‌ها: ۱۳۹۸ تا ۱۴۰۳». Nothing the numbers depend on is left out:
 * the period is always stated (and called the whole range when the URL names none), and with no
 * province chosen a scoped account's provinces are named instead of «کل کشور».
 */
export function filterCaption(
  state: CaptionState,
  members: CaptionMembers | null,
  t: Translate,
  fmt: Formatter,
): string {
  const { filters, period } = state;
  const lang = fmt.locale.lang;
  const name = namer(members, lang, t);
  const comma = lang === 'fa' ? '، ' : ', ';
  const listOf = (key: ListKey, codes: readonly string[]) => {
    const named = codes.slice(0, MAX_NAMED).map((code) => name(key, code));
    const rest = codes.length - named.length;
    return rest > 0
      ? `${named.join(comma)}${t('briefing.andMore', { count: fmt.number(rest) })}`
      : named.join(comma);
  };
  const parts: string[] = [];
  for (const key of LIST_KEYS) {
    const codes = filters[key];
    if (codes.length > 0) parts.push(`${t(`filters.${key}`)}: ${listOf(key, codes)}`);
  }
  if (filters.province.length === 0) {
    parts.unshift(
      state.scope === 'all'
        ? t('briefing.allUnits')
        : t('caption.scope', { provinces: listOf('province', state.scope) }),
    );
  }
  if (period) {
    const years = `${t('filters.years')}: ${fmt.yearRange(period.from, period.to)}`;
    parts.push(state.wholeRange ? `${years} ${t('caption.wholeRange')}` : years);
  }
  return parts.join(' · ');
}

export { sourceText } from '../../server/domain/dataset-source.ts';
