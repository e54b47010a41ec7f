import { jalaliToIso } from '../../server/domain/jalali.ts';
import type { MetricKind } from '../../server/domain/metrics.ts';

/**
 * THE formatting module: every number, amount, percentage, year and date on screen goes through
 * here, built on Intl so digits, separators and compact units come from the locale data rather
 * than hand-made digit maps. Digit style is independent of language (Persian UI with Latin digits
 * and the reverse are both allowed).
 */

export type Lang = 'fa' | 'en';
export type DigitStyle = 'persian' | 'latin';

export interface FormatLocale {
  lang: Lang;
  digits: DigitStyle;
}

/** What a chart value is: the metric kinds plus per-capita rates. */
export type ValueKind = MetricKind | 'rate';

const NUMBERING: Record<DigitStyle, string> = { persian: 'arabext', latin: 'latn' };
const BASE: Record<Lang, string> = { fa: 'fa-IR', en: 'en-US' };
const EMPTY = '—';
const BILLION = 1_000_000_000n;

/** The BCP 47 tag for a language, digit style and (optionally) the Persian calendar. */
export function localeTag(locale: FormatLocale, calendar?: 'persian'): string {
  return new Intl.Locale(BASE[locale.lang], {
    numberingSystem: NUMBERING[locale.digits],
    ...(calendar ? { calendar } : {}),
  }).toString();
}

/** Parses an exact decimal-string amount ("12345678901234567890") into a BigInt; null if malformed. */
export function parseAmount(amount: string | bigint | null | undefined): bigint | null {
  if (amount === null || amount === undefined) return null;
  if (typeof amount === 'bigint') return amount;
  const trimmed = amount.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  return BigInt(trimmed);
}

/** An amount as a float for plotting; exact values stay in the string for tooltips and tables. */
export function amountToNumber(amount: string | bigint | null | undefined): number {
  const value = parseAmount(amount);
  return value === null ? 0 : Number(value);
}

/** Relative change (current − previous) / previous; null when there is nothing to compare with. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export interface Formatter {
  locale: FormatLocale;
  /** Grouped integer or decimal: ۱۲٬۳۴۵ / 12,345. */
  number(value: number | null | undefined, maxFractionDigits?: number): string;
  /** Compact: ۱٫۲ میلیون / 1.2M. */
  compact(value: number | null | undefined): string;
  /** Ratio 0..1 as a percentage: ۱۲٫۳٪. */
  percent(ratio: number | null | undefined, fractionDigits?: number): string;
  /** Signed number: +۱۲۳ / −45; zero unsigned. */
  signed(value: number | null | undefined, maxFractionDigits?: number): string;
  /** Signed percentage of a ratio: +۱۲٫۳٪. */
  signedPercent(ratio: number | null | undefined): string;
  /** Exact rials from a decimal string: ۱۲٬۳۴۵٬۶۷۸ ریال. */
  money(amount: string | bigint | null | undefined): string;
  /** Compact money: ۱۲٫۳ هزار میلیارد ریال / 12.3 trillion rials. */
  moneyCompact(amount: string | bigint | number | null | undefined): string;
  /** A Jalali year without grouping: ۱۴۰۲. */
  year(year: number | null | undefined): string;
  /** A Jalali year range: ۱۳۹۸ تا ۱۴۰۳ / 1398–1403 (one year when equal). */
  yearRange(from: number, to: number): string;
  /** A span between two formatted values: «۳۱۰ تا ۷۷۲» / "310–772". */
  span(from: string, to: string): string;
  /** A timeseries period key ('1400', '1400-Q1', '1400-01') as a label. */
  period(period: string): string;
  /** An ISO date as a Jalali date: ۲۰ اسفند ۱۴۰۲. */
  date(iso: string | null | undefined): string;
  /** A metric value by its kind (money as compact). */
  value(kind: ValueKind, value: number | string | null | undefined): string;
  /** The same, short enough for an axis tick. */
  tick(kind: ValueKind, value: number): string;
}

/** Builds the formatter for one language and digit style. Cheap; memoise per locale in hooks. */
export function createFormatter(locale: FormatLocale): Formatter {
  const tag = localeTag(locale);
  const dateTag = localeTag(locale, 'persian');
  const fa = locale.lang === 'fa';
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, options: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(tag, options);
      cache.set(key, f);
    }
    return f;
  };
  const ok = (v: number | null | undefined): v is number =>
    typeof v === 'number' && Number.isFinite(v);
  const rial = fa ? 'ریال' : 'rials';

  const number = (value: number | null | undefined, maxFractionDigits = 0) =>
    ok(value)
      ? nf(`n${maxFractionDigits}`, { maximumFractionDigits: maxFractionDigits }).format(value)
      : EMPTY;
  const compact = (value: number | null | undefined) =>
    ok(value) ? nf('c', { notation: 'compact', maximumFractionDigits: 1 }).format(value) : EMPTY;
  const percent = (ratio: number | null | undefined, fractionDigits = 1) =>
    ok(ratio)
      ? nf(`p${fractionDigits}`, {
          style: 'percent',
          maximumFractionDigits: fractionDigits,
        }).format(ratio)
      : EMPTY;

  const moneyCompact = (amount: string | bigint | number | null | undefined) => {
    const exact = typeof amount === 'number' ? null : parseAmount(amount);
    const rials = typeof amount === 'number' ? amount : exact === null ? null : Number(exact);
    if (!ok(rials)) return EMPTY;
    if (fa) {
      // Persian reports count money in «میلیارد ریال» (and «هزار میلیارد ریال» above that).
      if (Math.abs(rials) >= 1e9) {
        const billions =
          exact !== null ? Number(exact / BILLION) + Number(exact % BILLION) / 1e9 : rials / 1e9;
        const scaled =
          Math.abs(billions) >= 1000 ? compact(billions) : number(billions, billions < 10 ? 1 : 0);
        return `${scaled} میلیارد ${rial}`;
      }
      return `${compact(rials)} ${rial}`;
    }
    return `${nf('cl', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 }).format(rials)} ${rial}`;
  };

  const year = (y: number | null | undefined) =>
    ok(y) ? nf('y', { useGrouping: false, maximumFractionDigits: 0 }).format(y) : EMPTY;

  const monthNames = new Intl.DateTimeFormat(dateTag, { month: 'long', timeZone: 'UTC' });
  const dateLong = new Intl.DateTimeFormat(dateTag, { dateStyle: 'long', timeZone: 'UTC' });

  const formatter: Formatter = {
    locale,
    number,
    compact,
    percent,
    signed: (value, maxFractionDigits = 0) =>
      ok(value)
        ? nf(`s${maxFractionDigits}`, {
            signDisplay: 'exceptZero',
            maximumFractionDigits: maxFractionDigits,
          }).format(value)
        : EMPTY,
    signedPercent: (ratio) =>
      ok(ratio)
        ? nf('sp', {
            style: 'percent',
            signDisplay: 'exceptZero',
            maximumFractionDigits: 1,
          }).format(ratio)
        : EMPTY,
    money: (amount) => {
      const exact = parseAmount(amount);
      return exact === null
        ? EMPTY
        : `${nf('m', { maximumFractionDigits: 0 }).format(exact)} ${rial}`;
    },
    moneyCompact,
    year,
    yearRange: (from, to) =>
      from === to ? year(from) : fa ? `${year(from)} تا ${year(to)}` : `${year(from)}–${year(to)}`,
    span: (from, to) => (fa ? `${from} تا ${to}` : `${from}–${to}`),
    period: (period) => {
      const match = /^(\d{4})(?:-(Q)?(\d{1,2}))?$/.exec(period);
      if (!match) return period;
      const y = Number(match[1]);
      if (match[3] === undefined) return year(y);
      const n = Number(match[3]);
      if (match[2] === 'Q') return fa ? `فصل ${number(n)} ${year(y)}` : `Q${number(n)} ${year(y)}`;
      const iso = jalaliToIso({ year: y, month: n, day: 1 });
      return `${monthNames.format(new Date(`${iso}T00:00:00Z`))} ${year(y)}`;
    },
    date: (iso) => {
      if (!iso) return EMPTY;
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? EMPTY : dateLong.format(d);
    },
    value: (kind, value) => {
      if (kind === 'money') return moneyCompact(value);
      const n = typeof value === 'string' ? Number(value) : value;
      switch (kind) {
        case 'ratio':
          return percent(n);
        case 'delta':
          return formatter.signed(n);
        case 'rate':
          return number(n, 1);
        default:
          return number(n);
      }
    },
    tick: (kind, value) => {
      if (kind === 'ratio') return percent(value, 0);
      if (kind === 'money') return compact(value);
      return Math.abs(value) >= 10_000 ? compact(value) : number(value, kind === 'rate' ? 1 : 0);
    },
  };
  return formatter;
}
