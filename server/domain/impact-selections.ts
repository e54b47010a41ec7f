// The impact page's per-category comparison, shared by its panel and its export (one definition).

/**
 * The per-category selections: each category (the chosen ones, else all) under its own headings;
 * when headings are chosen, only those inside the category, and a category with none is skipped.
 */
export function categorySelections<F extends { category: string[]; heading: string[] }>(
  filters: F,
  categories: readonly string[],
  headingCategory: ReadonlyMap<string, string>,
): { category: string; filters: F }[] {
  const chosen =
    filters.category.length > 0
      ? categories.filter((c) => filters.category.includes(c))
      : categories;
  return chosen.flatMap((category) => {
    const heading = filters.heading.filter((h) => headingCategory.get(h) === category);
    if (filters.heading.length > 0 && heading.length === 0) return [];
    return [{ category, filters: { ...filters, category: [category], heading } }];
  });
}
