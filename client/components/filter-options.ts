import type { Filters, ListKey } from '../../server/domain/filters.ts';
import { searchKey } from '../../server/domain/digits.ts';
import { collator, sortByName } from '../lib/collation.ts';
import type { Lang } from '../lib/format.ts';

/** One choice in a filter list. `group` heads a section (headings by category). */
export interface FilterOption {
  code: string;
  label: string;
  group?: string;
  /** Precomputed search key of label + code (Persian-aware, see server/domain/digits.ts). */
  key: string;
}

/** The members the filter bar offers; the shape of `meta.dimensions` (only what is needed). */
export interface FilterMembers {
  provinces: readonly { code: string; nameFa: string; nameEn: string }[];
  sectors: readonly { code: string; nameFa: string; nameEn: string }[];
  categories: readonly { code: string; nameFa: string; nameEn: string }[];
  headings: readonly { code: string; category: string; nameFa: string; nameEn: string }[];
  parks: readonly { code: string; province: string; nameFa: string; nameEn: string }[];
  clusters: readonly {
    code: string;
    province: string;
    sector: string;
    nameFa: string;
    nameEn: string;
  }[];
  sizes: readonly string[];
}

const option = (code: string, label: string, group?: string): FilterOption => ({
  code,
  label,
  ...(group ? { group } : {}),
  key: searchKey(`${label} ${code}`),
});

/**
 * Options for every list filter, each in the language's alphabetical order (headings within
 * their categories, categories alphabetical too); sizes keep their own order, small to large. Parks and clusters are narrowed to the chosen provinces (and
 * clusters to the chosen sectors), headings to the chosen categories; what is already selected
 * always stays listed so it can be unticked.
 */
export function buildFilterOptions(
  members: FilterMembers,
  filters: Filters,
  lang: Lang,
  sizeLabel: (size: string) => string,
): Record<ListKey, FilterOption[]> {
  const name = (m: { nameFa: string; nameEn: string }) => (lang === 'fa' ? m.nameFa : m.nameEn);
  const within = (list: readonly string[], value: string) =>
    list.length === 0 || list.includes(value);
  const categoryName = new Map(members.categories.map((c) => [c.code, name(c)]));
  const sorted = (list: FilterOption[]) => sortByName(list, (o) => o.label, lang);
  const byGroup = collator(lang);
  return {
    province: sorted(members.provinces.map((p) => option(p.code, name(p)))),
    park: sorted(
      members.parks
        .filter((p) => within(filters.province, p.province) || filters.park.includes(p.code))
        .map((p) => option(p.code, name(p))),
    ),
    cluster: sorted(
      members.clusters
        .filter(
          (c) =>
            (within(filters.province, c.province) && within(filters.sector, c.sector)) ||
            filters.cluster.includes(c.code),
        )
        .map((c) => option(c.code, name(c))),
    ),
    sector: sorted(members.sectors.map((s) => option(s.code, name(s)))),
    size: members.sizes.map((s) => option(s, sizeLabel(s))),
    category: sorted(members.categories.map((c) => option(c.code, name(c)))),
    heading: sorted(
      members.headings
        .filter((h) => within(filters.category, h.category) || filters.heading.includes(h.code))
        .map((h) => option(h.code, name(h), categoryName.get(h.category) ?? h.category)),
    ).sort((a, b) => byGroup.compare(a.group ?? '', b.group ?? '')),
  };
}

/**
 * Options matching a search (every word of the query must occur), at most `limit`. Arabic ي/ك,
 * ZWNJ and Persian/Latin digits are folded on both sides, so «سيستان» finds «سیستان».
 */
export function matchOptions(
  options: readonly FilterOption[],
  query: string,
  limit: number,
): { shown: FilterOption[]; more: number } {
  const words = searchKey(query).split(' ').filter(Boolean);
  const matching = words.length
    ? options.filter((o) => words.every((w) => o.key.includes(w)))
    : [...options];
  return { shown: matching.slice(0, limit), more: Math.max(0, matching.length - limit) };
}

/** The display name of a selected code, for chips; falls back to the code itself. */
export function optionLabel(options: readonly FilterOption[], code: string): string {
  return options.find((o) => o.code === code)?.label ?? code;
}
