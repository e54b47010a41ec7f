import { PREFERENCE_PARAMS } from '../../lib/url-state.ts';

/**
 * What the header's Present button needs, apart from the deck code (slides.ts, deck.ts): which
 * pages can be presented and the briefing URL of one. Kept small because the button is on every
 * page (the overview's bundle budget).
 */

/** Pages that can be presented; a province page also pins its province. */
export const PRESENTABLE_PATH = /^\/(provinces(\/IR-\d{2})?|clusters|headings|explore|impact)?$/;

/** Parameters of the briefing itself; everything else in its URL is the presented page's state. */
export const BRIEFING_PARAMS = ['from-page', 'slide', 'auto'] as const;

/** The page query without the briefing's own parameters and display preferences. */
export function pageQuery(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    const own = (BRIEFING_PARAMS as readonly string[]).includes(key);
    const preference = (PREFERENCE_PARAMS as readonly string[]).includes(key);
    if (!own && !preference) out.append(key, value);
  }
  return out;
}

/**
 * The briefing URL that presents a page with its current state:
 * `/briefing?from-page=%2Fprovinces&province=IR-10&metric=amount`.
 */
export function presentHref(path: string, params: URLSearchParams): string {
  const next = new URLSearchParams({ 'from-page': path });
  for (const [key, value] of params) {
    if (!(BRIEFING_PARAMS as readonly string[]).includes(key)) next.append(key, value);
  }
  return `/briefing?${next.toString()}`;
}

/** A page state to store as a saved view: preferences (language, digits) are the viewer's. */
export function savedQueryOf(params: URLSearchParams): string {
  return pageQuery(params).toString();
}
