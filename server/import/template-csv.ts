import { stringify } from 'csv-stringify/sync';
import { templateOf, type ImportEntity } from './templates.ts';

/** UTF-8 byte-order mark: Excel needs it to read Persian text in a CSV correctly. */
export const UTF8_BOM = '\ufeff';

/**
 * The downloadable template of an entity: a BOM, the header and one example row, CRLF line
 * ends (what Excel writes).
 * @example templateCsv('employment') // → '\ufeffunit,year,employees\r\nU-0000001,1402,۲۴\r\n'
 */
export function templateCsv(entity: ImportEntity): string {
  const { columns } = templateOf(entity);
  return (
    UTF8_BOM +
    stringify([columns.map((c) => c.key), columns.map((c) => c.example)], {
      record_delimiter: '\r\n',
    })
  );
}
