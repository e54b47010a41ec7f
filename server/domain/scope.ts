/**
 * The provinces a caller may see (DESIGN §6: every query applies it in SQL). Over HTTP it comes
 * from the signed-in user (issue #8); in-process callers (tests, CLIs) pass their own.
 */
export interface Scope {
  /** ISO 3166-2:IR codes, or 'all'. An empty list sees nothing. */
  provinces: 'all' | string[];
}

export const ALL_SCOPE: Scope = { provinces: 'all' };

/** Sees nothing: the scope of a request without a session. */
export const NO_SCOPE: Scope = { provinces: [] };

/** Is this province visible under the scope? */
export function scopeAllows(scope: Scope, provinceCode: string): boolean {
  return scope.provinces === 'all' || scope.provinces.includes(provinceCode);
}
