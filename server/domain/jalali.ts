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
