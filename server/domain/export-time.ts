import { isoToJalali } from './jalali.ts';

/**
 * When an export was made, in the forms files show (issue #5): pure (Intl only), so the server's
 * data files and the browser's chart images date themselves the same way.
 */

/** The agency's clock: file names and the About sheet use Tehran's date, whatever the server's zone. */
export const EXPORT_TIME_ZONE = 'Asia/Tehran';

export interface ExportTime {
  /** `2026-11-27T22:10:05.000Z` */
  iso: string;
  /** Jalali date in Tehran: `1405-09-06` */
  jalaliDate: string;
  /** Jalali date and Tehran wall-clock time: `1405/09/06 01:40` */
  jalaliDateTime: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The export moment in the forms files show. */
export function exportTimeOf(now: Date): ExportTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: EXPORT_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const j = isoToJalali(`${parts.year}-${parts.month}-${parts.day}`);
  const date = `${j.year}-${pad(j.month)}-${pad(j.day)}`;
  return {
    iso: now.toISOString(),
    jalaliDate: date,
    jalaliDateTime: `${date.replaceAll('-', '/')} ${parts.hour}:${parts.minute}`,
  };
}
