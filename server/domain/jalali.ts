import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

export interface JalaliDate {
  year: number;
  month: number; // 1–12
  day: number;
}

/** Jalali (Solar Hijri) calendar arithmetic on ISO `YYYY-MM-DD` Gregorian dates. */
export function isoToJalali(iso: string): JalaliDate {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) throw new Error(`not an ISO date: ${iso}`);
  const j = toJalaali(y, m, d);
  return { year: j.jy, month: j.jm, day: j.jd };
}

export function jalaliToIso(date: JalaliDate): string {
  if (!isValidJalaaliDate(date.year, date.month, date.day)) {
    throw new Error(`not a Jalali date: ${date.year}/${date.month}/${date.day}`);
  }
  const g = toGregorian(date.year, date.month, date.day);
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
}

export function isValidJalali(date: JalaliDate): boolean {
  return isValidJalaaliDate(date.year, date.month, date.day);
}

/** Jalali quarters are the four seasons: months 1–3 are spring (Q1). */
export function quarterOfMonth(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** Days in a Jalali month (Esfand has 29 or 30). */
export function jalaliMonthLength(year: number, month: number): number {
  return jalaaliMonthLength(year, month);
}

/** Day of the Jalali year, 1 on 1 Farvardin (months 1–6 have 31 days, 7–11 have 30). */
export function jalaliDayOfYear(date: JalaliDate): number {
  return date.month <= 7
    ? (date.month - 1) * 31 + date.day
    : 186 + (date.month - 7) * 30 + date.day;
}

/** Days in a Jalali year: 365, or 366 when Esfand has 30 days. */
export function jalaliYearLength(year: number): number {
  return 336 + jalaaliMonthLength(year, 12);
}

/** Today's Jalali date in Iran (the agency's calendar day, whatever the server's time zone). */
export function jalaliToday(now: Date): JalaliDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return isoToJalali(`${part('year')}-${part('month')}-${part('day')}`);
}
