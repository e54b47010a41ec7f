/**
 * The provinces a caller may see (DESIGN §6: every query applies it in SQL). Today every caller
 * gets ALL_SCOPE; issue #8 fills it from the session.
 */
export interface Scope {
  /** ISO 3166-2:IR codes, or 'all'. An empty list sees nothing. */
  provinces: 'all' | string[];
}

export const ALL_SCOPE: Scope = { provinces: 'all' };

/** Is this province visible under the scope? */
export function scopeAllows(scope: Scope, provinceCode: string): boolean {
  return scope.provinces === 'all' || scope.provinces.includes(provinceCode);
}
