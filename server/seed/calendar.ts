import { jalaliMonthLength, jalaliToIso } from '../domain/jalali.ts';
import { FIRST_YEAR, LAST_YEAR } from './scales.ts';

/** One calendar day: its ISO date and Jalali year/month. */
export interface Day {
  iso: string;
  year: number;
  month: number;
}

/**
 * Every day from 1 Farvardin FIRST_YEAR to the end of LAST_YEAR, precomputed once so that
 * generating millions of dates is an array lookup (day arithmetic is index arithmetic).
 */
export class Calendar {
  readonly days: readonly Day[];
  /** Index of 1 Farvardin of each year, plus one past the end. */
  private readonly yearStart = new Map<number, number>();

  constructor() {
    const days: Day[] = [];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      this.yearStart.set(year, days.length);
      for (let month = 1; month <= 12; month++) {
        const length = jalaliMonthLength(year, month);
        for (let day = 1; day <= length; day++) {
          days.push({ iso: jalaliToIso({ year, month, day }), year, month });
        }
      }
    }
    this.yearStart.set(LAST_YEAR + 1, days.length);
    this.days = days;
  }

  /** Index range [start, end) of a Jalali year. */
  yearRange(year: number): [number, number] {
    const start = this.yearStart.get(year);
    const end = this.yearStart.get(year + 1);
    if (start === undefined || end === undefined) throw new Error(`year ${year} out of range`);
    return [start, end];
  }

  day(index: number): Day {
    const d = this.days[index];
    if (!d) throw new Error(`day ${index} out of range`);
    return d;
  }

  get lastIndex(): number {
    return this.days.length - 1;
  }
}
