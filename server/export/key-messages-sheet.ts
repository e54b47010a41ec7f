import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import { createFormatter, type DigitStyle } from '../domain/format.ts';
import type { JalaliDate } from '../domain/jalali.ts';
import {
  KEY_MESSAGES_TEXT,
  renderKeyFact,
  type KeyMessagesResult,
  type MessageLink,
} from '../domain/key-messages.ts';
import type { Scope } from '../domain/scope.ts';
import { getKeyMessages } from '../queries/key-messages.ts';
import type { Lang, Row } from './table.ts';
import type { TextSheet } from './xlsx-writer.ts';

const HEADER = {
  fa: ['ردیف', 'پیام', 'نمایی که آن را نشان می‌دهد'],
  en: ['No.', 'Message', 'The view that shows it'],
};

/** A message's link as the page's URL, in the file's language (and digits when not its own). */
function hrefOf(link: MessageLink, lang: Lang, digits: DigitStyle): string {
  const params = new URLSearchParams(link.params);
  params.set('lang', lang);
  if (digits !== (lang === 'fa' ? 'persian' : 'latin')) params.set('digits', digits);
  return `${link.path}?${params.toString()}`;
}

/**
 * The key-messages sheet of an Excel export (issue #18): the view's messages as the panel writes
 * them — the same facts (`getKeyMessages`, scoped), the same renderer and formatter
 * (server/domain), so a sentence in the file is the sentence on screen — each with the link
 * the panel gives it, then the panel's note when the changes compare the last year only.
 */
export function keyMessagesRows(
  result: KeyMessagesResult,
  lang: Lang,
  digits: DigitStyle,
): TextSheet {
  const fmt = createFormatter({ lang, digits });
  const rows: Row[] = result.messages.map((m, i) => [
    i + 1,
    renderKeyFact(m.fact, fmt),
    hrefOf(m.link, lang, digits),
  ]);
  if (rows.length === 0) rows.push([null, KEY_MESSAGES_TEXT.empty[lang], null]);
  if (result.comparedYear !== null) {
    const note = KEY_MESSAGES_TEXT.compared[lang].replace('{year}', fmt.year(result.comparedYear));
    rows.push([null, note, null]);
  }
  return { name: KEY_MESSAGES_TEXT.title[lang], header: HEADER[lang], widths: [6, 100, 50], rows };
}

/** The key-messages sheet of a view: its filters, the caller's scope, the plan's clock. */
export async function keyMessagesSheet(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  format: { lang: Lang; digits: DigitStyle },
  today: JalaliDate,
): Promise<TextSheet> {
  const result = await getKeyMessages(db, scope, filters, today);
  return keyMessagesRows(result, format.lang, format.digits);
}
