// Key messages (issue #18, docs/key-messages.md): what the minister should hear first about a
// view, as a handful of facts the server computes (server/queries/key-messages.ts) and one pure
// renderer that writes them as sentences in Persian or English. The renderer takes the page's own
// formatter (server/domain/format.ts), so every number reads exactly as it does on screen.
import type { Period } from './period.ts';
import type { PlanMetric } from './plan.ts';

/** A province, category or heading as a sentence names it. */
export interface Named {
  key: string;
  nameFa: string;
  nameEn: string;
}

/** Where a sentence's evidence is shown: a page path and its URL parameters. */
export interface MessageLink {
  path: string;
  params: Record<string, string>;
}

/** The robust z-score threshold (Iglewicz and Hoaglin): |0.6745 (x − median) / MAD| > 3.5. */
export const UNUSUAL_Z = 3.5;
/** Provinces with fewer counted units are left out of leaders and laggards (a ratio of few). */
export const MIN_UNITS_FOR_RANKING = 30;
/** Movers compare groups with at least this many grants in the earlier period. */
export const MIN_GRANTS_FOR_MOVERS = 10;

export type KeyFact =
  | {
      kind: 'headline';
      period: Period;
      amount: string;
      grants: number;
      supportedUnits: number;
      /** The period compared with, and the relative change of the amount (null: no base). */
      previous: { period: Period; amount: string; change: number | null } | null;
    }
  | {
      kind: 'movers';
      dimension: 'province' | 'category';
      period: Period;
      previousPeriod: Period;
      up: (Named & { change: number }) | null;
      down: (Named & { change: number }) | null;
    }
  | {
      kind: 'leaders';
      period: Period;
      leader: Named & { coverage: number };
      laggard: Named & { coverage: number };
      /** Provinces ranked (those with at least MIN_UNITS_FOR_RANKING counted units). */
      ranked: number;
    }
  | {
      kind: 'rank';
      period: Period;
      place: Named & { coverage: number };
      /** Rank by coverage among `ranked` provinces: 1 + the provinces with a higher coverage. */
      rank: number;
      ranked: number;
    }
  | {
      kind: 'unusual';
      period: Period;
      /** Provinces compared (amount per counted unit). */
      compared: number;
      median: number;
      /** The most unusual province of the view, or null when none passes the rule. */
      place: (Named & { perUnit: number; z: number }) | null;
    }
  | {
      kind: 'plan';
      period: Period;
      metric: PlanMetric;
      actual: number | string;
      target: string;
      achievement: number;
      /** Expected achievement by today; shown while the period includes the current year. */
      pace: number | null;
    };

export interface KeyMessage {
  fact: KeyFact;
  link: MessageLink;
}

export interface KeyMessagesResult {
  period: Period;
  /**
   * When the view's period has no earlier period of its length, the changes compare its last
   * year with the year before, and the panel says so.
   */
  comparedYear: number | null;
  messages: KeyMessage[];
}

/** What the renderer needs of the page's formatter (server/domain/format.ts `Formatter`). */
export interface MessageFormatter {
  locale: { lang: 'fa' | 'en' };
  number(value: number | null | undefined, maxFractionDigits?: number): string;
  percent(ratio: number | null | undefined, fractionDigits?: number): string;
  signedPercent(ratio: number | null | undefined): string;
  moneyCompact(amount: string | bigint | number | null | undefined): string;
  year(year: number | null | undefined): string;
  yearRange(from: number, to: number): string;
}

/**
 * The words around the sentences, shared by the panel, the slide and the Excel sheet: a title,
 * the note when the changes compare the last year with the one before (`{year}`, formatted by
 * the caller), and what an empty list says.
 */
export const KEY_MESSAGES_TEXT = {
  title: { fa: 'پیام‌های کلیدی', en: 'Key messages' },
  compared: {
    fa: 'این دوره، دوره پیشینِ هم‌اندازه در داده‌ها ندارد: تغییرها سال {year} را با سال پیش از آن می‌سنجند.',
    en: 'This period has no earlier period of its length in the data: the changes compare {year} with the year before.',
  },
  empty: { fa: 'برای این نما پیامی نیست.', en: 'No messages for this view.' },
} as const;

const FA_ORDINALS = [
  '',
  'نخستین',
  'دومین',
  'سومین',
  'چهارمین',
  'پنجمین',
  'ششمین',
  'هفتمین',
  'هشتمین',
  'نهمین',
  'دهمین',
  'یازدهمین',
  'دوازدهمین',
  'سیزدهمین',
  'چهاردهمین',
  'پانزدهمین',
  'شانزدهمین',
  'هفدهمین',
  'هجدهمین',
  'نوزدهمین',
];
const FA_TENS = ['', '', 'بیست', 'سی'];
const FA_UNITS = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];

/**
 * A Persian ordinal adjective in words («سومین», «بیست و یکمین», «سی‌امین»), as Persian prose
 * writes ranks up to the 31 provinces; digits with «ام» beyond.
 */
export function persianOrdinal(n: number, fmt: MessageFormatter): string {
  if (n >= 1 && n < 20) return FA_ORDINALS[n] ?? '';
  if (n >= 20 && n < 40) {
    const tens = FA_TENS[Math.floor(n / 10)] ?? '';
    const unit = n % 10;
    if (unit === 0) return tens === 'سی' ? 'سی‌امین' : `${tens}مین`;
    // «سه» takes «سومین» («بیست و سومین»), every other unit adds «مین»
    return `${tens} و ${unit === 3 ? 'سو' : unit === 1 ? 'یک' : FA_UNITS[unit]}مین`;
  }
  return `${fmt.number(n)}امین`;
}

const EN_SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const enOrdinalRules = new Intl.PluralRules('en-US', { type: 'ordinal' });

/** An English ordinal: 1st, 2nd, 3rd, 11th, 23rd. */
export function englishOrdinal(n: number, fmt: MessageFormatter): string {
  return `${fmt.number(n)}${EN_SUFFIX[enOrdinalRules.select(n)] ?? 'th'}`;
}

/** An English counted noun ("1 grant", "2 grants"); Persian counted nouns stay singular. */
function counted(n: number, fmt: MessageFormatter, fa: string, en: string, enPlural: string) {
  if (fmt.locale.lang === 'fa') return `${fmt.number(n)} ${fa}`;
  return `${fmt.number(n)} ${n === 1 ? en : enPlural}`;
}

const PLAN_NOUNS: Record<PlanMetric, { fa: string; en: string }> = {
  amount: { fa: 'مبلغ پرداختی', en: 'amount disbursed' },
  grants: { fa: 'شمار حمایت‌های پرداخت‌شده', en: 'number of grants disbursed' },
  supportedUnits: { fa: 'شمار واحدهای حمایت‌شده', en: 'number of supported units' },
  units: { fa: 'شمار واحدهای فعال', en: 'number of operating units' },
  employment: { fa: 'اشتغال', en: 'employment' },
};

function planValue(metric: PlanMetric, v: number | string, fmt: MessageFormatter): string {
  return metric === 'amount' ? fmt.moneyCompact(v) : fmt.number(Number(v));
}

/** «سال ۱۴۰۳» / «دوره ۱۳۹۸ تا ۱۴۰۳»; English: "1403" / "1398–1403". */
function periodName(p: Period, fmt: MessageFormatter): string {
  const range = fmt.yearRange(p.from, p.to);
  if (fmt.locale.lang === 'en') return range;
  return `${p.from === p.to ? 'سال' : 'دوره'} ${range}`;
}

/** «در سال ۱۴۰۳» / "in 1403". */
function inPeriod(p: Period, fmt: MessageFormatter): string {
  return `${fmt.locale.lang === 'fa' ? 'در' : 'in'} ${periodName(p, fmt)}`;
}

/** A relative change against a period: «۸٫۵٪ بیشتر از سال ۱۴۰۲» / "8.5% more than in 1402". */
function comparedWith(change: number, p: Period, fmt: MessageFormatter): string {
  const fa = fmt.locale.lang === 'fa';
  const when = periodName(p, fmt);
  if (Math.abs(change) < 0.0005) return fa ? `برابر با ${when}` : `the same as in ${when}`;
  const size = fmt.percent(Math.abs(change));
  if (fa) return `${size} ${change > 0 ? 'بیشتر' : 'کمتر'} از ${when}`;
  return `${size} ${change > 0 ? 'more' : 'less'} than in ${when}`;
}

const nameOf = (n: Named, fmt: MessageFormatter) =>
  fmt.locale.lang === 'fa' ? n.nameFa : n.nameEn;

/** One fact as one sentence in the formatter's language. */
export function renderKeyFact(fact: KeyFact, fmt: MessageFormatter): string {
  const fa = fmt.locale.lang === 'fa';
  switch (fact.kind) {
    case 'headline': {
      const grants = counted(fact.grants, fmt, 'حمایت', 'grant', 'grants');
      const units = counted(fact.supportedUnits, fmt, 'واحد', 'unit', 'units');
      const amount = fmt.moneyCompact(fact.amount);
      const prev = fact.previous;
      if (fa) {
        const base = `${inPeriod(fact.period, fmt)}، ${amount} در قالب ${grants} به ${units} پرداخت شد`;
        if (!prev) return `${base}.`;
        if (prev.change === null) return `${base}؛ ${inPeriod(prev.period, fmt)} پرداختی نبود.`;
        return `${base}؛ ${comparedWith(prev.change, prev.period, fmt)} (${fmt.moneyCompact(prev.amount)}).`;
      }
      const base = `In ${periodName(fact.period, fmt)}, ${amount} was disbursed in ${grants} to ${units}`;
      if (!prev) return `${base}.`;
      if (prev.change === null)
        return `${base}; nothing was disbursed ${inPeriod(prev.period, fmt)}.`;
      return `${base}: ${comparedWith(prev.change, prev.period, fmt)} (${fmt.moneyCompact(prev.amount)}).`;
    }
    case 'movers': {
      const vs = periodName(fact.previousPeriod, fmt);
      const parts: string[] = [];
      if (fa) {
        if (fact.up)
          parts.push(
            `بیشترین رشد مبلغ پرداختی را ${nameOf(fact.up, fmt)} داشت (${fmt.signedPercent(fact.up.change)})`,
          );
        if (fact.down)
          parts.push(
            `بیشترین کاهش را ${nameOf(fact.down, fmt)} (${fmt.signedPercent(fact.down.change)})`,
          );
        return `نسبت به ${vs}، ${parts.join(' و ')}.`;
      }
      if (fact.up)
        parts.push(
          `${nameOf(fact.up, fmt)} had the largest rise in the amount disbursed (${fmt.signedPercent(fact.up.change)})`,
        );
      if (fact.down)
        parts.push(
          `${nameOf(fact.down, fmt)} the largest fall (${fmt.signedPercent(fact.down.change)})`,
        );
      return `Compared with ${vs}, ${parts.join(' and ')}.`;
    }
    case 'leaders': {
      const of = counted(fact.ranked, fmt, 'استان', 'province', 'provinces');
      if (fa)
        return `از ${of}، بیشترین پوشش حمایت را ${nameOf(fact.leader, fmt)} (${fmt.percent(fact.leader.coverage)} از واحدها) و کمترین را ${nameOf(fact.laggard, fmt)} (${fmt.percent(fact.laggard.coverage)}) دارد.`;
      return `Of ${of}, ${nameOf(fact.leader, fmt)} has the highest support coverage (${fmt.percent(fact.leader.coverage)} of its units) and ${nameOf(fact.laggard, fmt)} the lowest (${fmt.percent(fact.laggard.coverage)}).`;
    }
    case 'rank': {
      const of = counted(fact.ranked, fmt, 'استان', 'province', 'provinces');
      if (fa)
        return `${nameOf(fact.place, fmt)} با پوشش ${fmt.percent(fact.place.coverage)} از واحدها، ${persianOrdinal(fact.rank, fmt)} استان از ${of} است.`;
      return `${nameOf(fact.place, fmt)} ranks ${englishOrdinal(fact.rank, fmt)} of ${of} in support coverage (${fmt.percent(fact.place.coverage)} of its units).`;
    }
    case 'unusual': {
      const rule = fa
        ? `امتیاز z مقاوم بیش از ${fmt.number(UNUSUAL_Z, 1)}، بر پایه میانه و انحراف مطلق میانه`
        : `a robust z-score above ${fmt.number(UNUSUAL_Z, 1)}, from the median and the median absolute deviation`;
      const among = counted(fact.compared, fmt, 'استان', 'province', 'provinces');
      if (!fact.place)
        return fa
          ? `مبلغ پرداختی به ازای هر واحد در هیچ‌یک از ${among} غیرعادی نیست (قاعده: ${rule}).`
          : `No province's amount per unit is unusual among ${among} (rule: ${rule}).`;
      const p = fact.place;
      return fa
        ? `مبلغ پرداختی به ازای هر واحد در ${nameOf(p, fmt)} (${fmt.moneyCompact(p.perUnit)}) در میان ${among} به‌طور غیرعادی ${p.z > 0 ? 'بالاست' : 'پایین است'}؛ میانه ${fmt.moneyCompact(fact.median)} است (قاعده: ${rule}).`
        : `${nameOf(p, fmt)}'s amount per unit (${fmt.moneyCompact(p.perUnit)}) is unusually ${p.z > 0 ? 'high' : 'low'} among ${among}; the median is ${fmt.moneyCompact(fact.median)} (rule: ${rule}).`;
    }
    case 'plan': {
      const noun = PLAN_NOUNS[fact.metric][fa ? 'fa' : 'en'];
      const target = planValue(fact.metric, fact.target, fmt);
      const actual = planValue(fact.metric, fact.actual, fmt);
      const range = periodName(fact.period, fmt);
      if (fa) {
        const base = `${fmt.percent(fact.achievement)} هدف ${noun} ${inPeriod(fact.period, fmt)} محقق شده است (${actual} از ${target})`;
        return fact.pace === null
          ? `${base}.`
          : `${base}؛ طبق برنامه تا امروز ${fmt.percent(fact.pace)} باید محقق می‌شد.`;
      }
      const base = `${fmt.percent(fact.achievement)} of the ${range} target for the ${noun} has been met (${actual} of ${target})`;
      return fact.pace === null
        ? `${base}.`
        : `${base}; by today the plan expected ${fmt.percent(fact.pace)}.`;
    }
  }
}
