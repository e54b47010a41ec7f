// Persian-world text arrives with Persian (۰–۹) or Arabic-Indic (٠–٩) digits, Arabic ي/ك and
// zero-width non-joiners; these helpers make such input comparable. Pure: used by client and server.

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Maps Persian and Arabic-Indic digits to ASCII digits; leaves everything else alone. */
export function toLatinDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_ZERO);
  });
}

/**
 * A search key: Latin digits, Arabic ي/ك/ى/ة folded to Persian ی/ک/ی/ه, zero-width (non-)joiners
 * and tatweel removed, whitespace collapsed, lower case.
 */
export function searchKey(text: string): string {
  return toLatinDigits(text)
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u200c|\u200d|\u0640/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
