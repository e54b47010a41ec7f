import { jalaliToIso } from './jalali.ts';
import type { MetricKind } from './metrics.ts';

/**
 * THE formatting module: every number, amount, percentage, year and date on screen (and in the
 * key messages of an Excel export, issue #18) goes through here, built on Intl so digits, separators and compact units come from the locale data rather
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
/** LEFT-TO-RIGHT MARK. */
const LRM = '\u200e';

/** One step of the money scale: how many rials it counts and its name (always naming the rial). */
export interface MoneyUnit {
  rials: number;
  name: string;
}

/**
 * THE money scale, largest first: every card, axis, tooltip, heat map, slide and image writes
 * amounts in these words, so «هزار میلیارد ریال» never sits beside «تریلیون» (issue #14). Persian
 * reports count in «میلیارد ریال» and «هزار میلیارد ریال» rather than «تریلیون».
 */
export const MONEY_SCALE: Record<Lang, readonly MoneyUnit[]> = {
  fa: [
    { rials: 1e12, name: 'هزار میلیارد ریال' },
    { rials: 1e9, name: 'میلیارد ریال' },
    { rials: 1e6, name: 'میلیون ریال' },
    { rials: 1, name: 'ریال' },
  ],
  en: [
    { rials: 1e12, name: 'trillion rials' },
    { rials: 1e9, name: 'billion rials' },
    { rials: 1e6, name: 'million rials' },
    { rials: 1, name: 'rials' },
  ],
};

/** The largest unit of the scale that `rials` (absolute) reaches; rials below a million. */
export function moneyUnit(lang: Lang, rials: number): MoneyUnit {
  const scale = MONEY_SCALE[lang];
  return scale.find((u) => Math.abs(rials) >= u.rials) ?? (scale.at(-1) as MoneyUnit);
}

/** An exact amount divided by a unit, as a float (the BigInt split keeps precision beyond 2^53). */
function scaleAmount(exact: bigint, unit: number): number {
  const divisor = BigInt(unit);
  return Number(exact / divisor) + Number(exact % divisor) / unit;
}

/**
 * One axis (or colour scale) in one style: a single unit for every tick, named once beside the
 * axis, so «۱۴ هزار» never sits beside «۷٬۰۰۰». `unit` is null when the ticks say it all.
 */
export interface AxisFormat {
  unit: string | null;
  tick: (value: number) => string;
}

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
  /** An instant as a Jalali date and time in the reader's time zone: ۱۴۰۵/۹/۱۲، ۱۳:۴۵. */
  dateTime(iso: string | null | undefined): string;
  /** A metric value by its kind (money as compact). */
  value(kind: ValueKind, value: number | string | null | undefined): string;
  /** The tick style and unit of an axis showing `values` (one unit for the whole axis). */
  axis(kind: ValueKind, values: readonly (number | null | undefined)[]): AxisFormat;
  /**
   * The unit and figure style of a grid of values (a heat map): the axis style of its typical
   * (median non-zero) cell, so most cells read two or three figures and a small one never reads
   * «۰» because the largest chose the unit; larger cells just have more digits.
   */
  grid(kind: ValueKind, values: readonly (number | null | undefined)[]): AxisFormat;
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
  const rial = MONEY_SCALE[locale.lang].at(-1)?.name ?? 'rials';

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

  // Fraction digits that keep an axis's or a value's scaled figures distinct.
  const digitsFor = (scaled: number) =>
    Math.abs(scaled) < 10 ? 2 : Math.abs(scaled) < 100 ? 1 : 0;

  const moneyCompact = (amount: string | bigint | number | null | undefined) => {
    const exact = typeof amount === 'number' ? null : parseAmount(amount);
    const rials = typeof amount === 'number' ? amount : exact === null ? null : Number(exact);
    if (!ok(rials)) return EMPTY;
    const unit = moneyUnit(locale.lang, rials);
    const scaled = exact !== null ? scaleAmount(exact, unit.rials) : rials / unit.rials;
    return `${number(scaled, Math.abs(scaled) < 100 ? 1 : 0)} ${unit.name}`;
  };

  const year = (y: number | null | undefined) =>
    ok(y) ? nf('y', { useGrouping: false, maximumFractionDigits: 0 }).format(y) : EMPTY;

  const monthNames = new Intl.DateTimeFormat(dateTag, { month: 'long', timeZone: 'UTC' });
  const dateLong = new Intl.DateTimeFormat(dateTag, { dateStyle: 'long', timeZone: 'UTC' });
  // No timeZone: an event happened at the reader's local time. Fields rather than timeStyle, whose
  // Persian pattern writes one-digit hours (۰:۱۰), so a log's times would not line up.
  const dateTimeShort = new Intl.DateTimeFormat(dateTag, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

  // A signed figure in a right-to-left sentence is one left-to-right run only when a strong LTR
  // character precedes its sign: CLDR's Persian data puts an LRM there (so «‎+۴۳٫۵٪» prints as
  // "+۴۳٫۵٪", not mirrored to «٪۴۳٫۵+»); ensured here for ICU builds whose data lacks it, since
  // the same text goes into plain sentences, SVG and Excel cells with no <bdi> around it.
  const ltrRun = (text: string) => (fa && /^[+\u2212-]/.test(text) ? `${LRM}${text}` : text);

  const formatter: Formatter = {
    locale,
    number,
    compact,
    percent,
    signed: (value, maxFractionDigits = 0) =>
      ok(value)
        ? ltrRun(
            nf(`s${maxFractionDigits}`, {
              signDisplay: 'exceptZero',
              maximumFractionDigits: maxFractionDigits,
            }).format(value),
          )
        : EMPTY,
    signedPercent: (ratio) =>
      ok(ratio)
        ? ltrRun(
            nf('sp', {
              style: 'percent',
              signDisplay: 'exceptZero',
              maximumFractionDigits: 1,
            }).format(ratio),
          )
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
    dateTime: (iso) => {
      const d = iso ? new Date(iso) : null;
      return d && !Number.isNaN(d.getTime()) ? dateTimeShort.format(d) : EMPTY;
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
    axis: (kind, values) => {
      if (kind === 'ratio') return { unit: null, tick: (v) => percent(v, 0) };
      const max = values.reduce<number>((m, v) => (ok(v) ? Math.max(m, Math.abs(v)) : m), 0);
      if (kind === 'money') {
        const unit = moneyUnit(locale.lang, max);
        const digits = digitsFor(max / unit.rials);
        return { unit: unit.name, tick: (v) => number(v / unit.rials, digits) };
      }
      if (max >= 1e6) {
        const digits = digitsFor(max / 1e6);
        return { unit: fa ? 'میلیون' : 'million', tick: (v) => number(v / 1e6, digits) };
      }
      return { unit: null, tick: (v) => number(v, kind === 'rate' ? 1 : 0) };
    },
    grid: (kind, values) => {
      const sizes = values
        .filter((v): v is number => ok(v) && v !== 0)
        .map(Math.abs)
        .sort((a, b) => a - b);
      return formatter.axis(kind, [sizes[Math.floor(sizes.length / 2)] ?? 0]);
    },
  };
  return formatter;
}
