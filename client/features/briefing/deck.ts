import type { Filters } from '../../../server/domain/filters.ts';
import { pageFilters } from '../../lib/page-filters.ts';
import { PREFERENCE_PARAMS, readFilters } from '../../lib/url-state.ts';
import { PRESENTABLE_PATH, pageQuery } from './present-link.ts';
import { slideId, slidesForPage, type SlideSpec } from './slides.ts';

export { BRIEFING_PARAMS, pageQuery, presentHref, savedQueryOf } from './present-link.ts';

/**
 * A deck is a list of slides, each with the page state it came from. Pure functions: the
 * presenter renders what these return.
 */

/** A saved query may pin one panel of its page (`panel=<slide id>`), as saved from a slide. */
export const PANEL_PARAM = 'panel';

export interface DeckSlide {
  /** Unique within the deck. */
  key: string;
  spec: SlideSpec;
  /** The page the slide comes from and its query (filters and page parameters). */
  path: string;
  query: string;
  filters: Filters;
  /** Invalid filter parameters that were dropped, as a readable line. */
  filterError: string | null;
  /** The saved view's name when the slide comes from one. */
  viewName: string | null;
}

/** A source of slides: a page path with its query, optionally a saved view's name. */
export interface SlideSource {
  path: string;
  query: string;
  name?: string;
}

/**
 * The slides of one source. Filters are re-read with the one filter schema (parseFilterParams
 * via readFilters): a stale saved view shows what is still valid and says what was dropped.
 */
export function slidesOf(source: SlideSource, index = 0): DeckSlide[] {
  if (!PRESENTABLE_PATH.test(source.path)) return [];
  const params = new URLSearchParams(source.query);
  const { filters, error } = readFilters(params);
  const panel = params.get(PANEL_PARAM);
  const all = slidesForPage(source.path, params);
  const chosen = panel ? all.filter((spec) => slideId(spec) === panel) : [];
  const specs = chosen.length > 0 ? chosen : all;
  return specs.map((spec) => ({
    key: `${index}:${slideId(spec)}`,
    spec,
    path: source.path,
    query: source.query,
    filters: pageFilters(source.path, filters),
    filterError: error,
    viewName: source.name ?? null,
  }));
}

/**
 * The slides of several sources (a deck of saved views), in order, after the key messages of the
 * first one: what the audience should hear first (issue #18).
 */
export function deckOf(sources: readonly SlideSource[]): DeckSlide[] {
  const slides = sources.flatMap((source, i) => slidesOf(source, i));
  const first = slides[0];
  if (!first) return slides;
  return [{ ...first, key: 'messages', spec: { kind: 'messages' } }, ...slides];
}

/** The page a `/briefing?from-page=…` URL presents, or null when it names none (or not a page). */
export function presentedPage(params: URLSearchParams): SlideSource | null {
  const path = params.get('from-page');
  if (!path || !PRESENTABLE_PATH.test(path)) return null;
  return { path, query: pageQuery(params).toString() };
}

/** Where leaving a slide of this source goes back to (the page, with the viewer's preferences). */
export function pageHref(source: SlideSource, preferences: URLSearchParams): string {
  const params = new URLSearchParams(source.query);
  params.delete(PANEL_PARAM);
  for (const key of PREFERENCE_PARAMS) {
    const value = preferences.get(key);
    if (value !== null) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${source.path}?${query}` : source.path;
}
