// Cell normalisation for Persian-world input. These run once per cell on millions of rows, so
// numbers and dates are scanned by hand instead of through chains of regular expressions.
import { toLatinDigits } from '../domain/digits.ts';
import { isoToJalali, isValidJalali, jalaliToIso } from '../domain/jalali.ts';

const ZERO_WIDTH = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;

/** True for characters that carry no value in a number: spaces, NBSP, bidi marks, ZWNJ. */
function isIgnorable(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 0xa0 ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    c === 0x061c ||
    c === 0xfeff
  );
}

/**
 * Parses a whole number typed the Persian way: ASCII, Persian (۰–۹) or Arabic-Indic (٠–٩)
 * digits, thousands separators `,` `٬` `،` in groups of three, a leading minus, stray bidi marks.
 * Returns NaN when the text is not a whole number, Infinity when it does not fit in 2^53.
 * @example parseWholeNumber('۱٬۲۳۴') // → 1234
 */
export function parseWholeNumber(text: string): number {
  const n = text.length;
  let i = 0;
  let negative = false;
  let value = 0;
  let digits = 0;
  let group = -1; // digits since the last separator; -1 before the first one
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 0x06f0 && c <= 0x06f9) d = c - 0x06f0;
    else if (c >= 0x0660 && c <= 0x0669) d = c - 0x0660;
    else if (c === 44 || c === 0x066c || c === 0x060c) {
      if (digits === 0 || (group === -1 ? digits > 3 : group !== 3)) return NaN;
      group = 0;
      continue;
    } else if (isIgnorable(c)) {
      continue;
    } else if ((c === 45 || c === 0x2212) && digits === 0 && !negative) {
      negative = true;
      continue;
    } else if (c === 43 && digits === 0) {
      continue;
    } else if ((c === 46 || c === 0x066b) && digits > 0) {
      // "1200.00" from a spreadsheet: only zeros may follow the decimal point
      for (i++; i < n; i++) {
        const z = text.charCodeAt(i);
        if (z !== 48 && z !== 0x06f0 && z !== 0x0660 && !isIgnorable(z)) return NaN;
      }
      break;
    } else return NaN;
    value = value * 10 + d;
    digits++;
    if (group !== -1) group++;
  }
  if (digits === 0 || (group !== -1 && group !== 3)) return NaN;
  if (value > Number.MAX_SAFE_INTEGER) return Infinity;
  return negative ? -value : value;
}

/** True when a cell holds nothing but whitespace and invisible marks. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isIgnorable(text.charCodeAt(i))) return false;
  return true;
}

/**
 * A natural code as stored: Latin digits, no zero-width or bidi characters, no surrounding
 * spaces. Case is kept (codes are case-sensitive, as the seed writes them).
 */
export function normaliseCode(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 126 || c < 33) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  return toLatinDigits(text).replace(ZERO_WIDTH, '').trim();
}

/**
 * Free text as stored: Arabic ي/ى/ك folded to Persian ی/ک, whitespace collapsed, a ZWNJ kept
 * only between letters (where it belongs in Persian words), bidi marks removed.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/[\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\u200c+/g, '\u200c')
    .replace(/^[\s\u200c]+|[\s\u200c]+$/g, '')
    .replace(/ ?\u200c ?/g, '\u200c');
}

export interface ParsedDate {
  /** Gregorian ISO date, as stored. */
  iso: string;
  jalaliYear: number;
  jalaliMonth: number;
}

/** Why a date did not parse: malformed text, or a well-formed day that does not exist. */
export type DateError = 'format' | 'invalid';

const dateCache = new Map<string, ParsedDate | DateError>();
const DATE_CACHE_LIMIT = 50_000;

/**
 * Parses a date cell: Jalali `1402/05/17`, `۱۴۰۲-۰۵-۱۷`, `1402.5.7` (year first), or a Gregorian
 * ISO date (year ≥ 1900, as Excel date cells arrive). Validates that the day exists
 * (Esfand 30 only in leap years). Results are cached: a file holds few distinct dates.
 */
export function parseDate(text: string): ParsedDate | DateError {
  const cached = dateCache.get(text);
  if (cached !== undefined) return cached;
  const result = parseDateUncached(text);
  if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
  dateCache.set(text, result);
  return result;
}

function parseDateUncached(text: string): ParsedDate | DateError {
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(
    toLatinDigits(text).replace(ZERO_WIDTH, '').trim(),
  );
  if (!m) return 'format';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y >= 1900) {
    const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const probe = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== d || probe.getUTCMonth() + 1 !== mo)
      return 'invalid';
    const j = isoToJalali(iso);
    return { iso, jalaliYear: j.year, jalaliMonth: j.month };
  }
  if (!isValidJalali({ year: y, month: mo, day: d })) return 'invalid';
  return { iso: jalaliToIso({ year: y, month: mo, day: d }), jalaliYear: y, jalaliMonth: mo };
}

const TRUE_WORDS = new Set([
  '1',
  'yes',
  'y',
  'true',
  'بله',
  'بلی',
  'آری',
  'اری',
  'دارد',
  'هست',
  '✓',
]);
const FALSE_WORDS = new Set(['0', 'no', 'n', 'false', 'خیر', 'نه', 'ندارد', 'نیست', '-']);

/** Parses yes/no cells in English or Persian; undefined when neither. */
export function parseBool(key: string): boolean | undefined {
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return undefined;
}
