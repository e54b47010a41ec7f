/**
 * The shape every export view produces and both writers (CSV, XLSX) consume: typed columns with
 * Persian and English headers, and rows in chunks so the big lists can stream page by page.
 */

export type Lang = 'fa' | 'en';

/**
 * How a column's cells are written. `money` cells are exact decimal strings (rials); `ratio` is a
 * 0..1 number (shown as a percentage in Excel); `year` is a Jalali year (no thousands separator);
 * `text` is anything a person typed or named, and the only kind neutralised against CSV injection.
 */
export type CellType = 'text' | 'int' | 'decimal' | 'ratio' | 'money' | 'year';

export interface Bilingual {
  fa: string;
  en: string;
}

export interface ExportColumn {
  /** Stable machine key (`header=keys`). */
  key: string;
  label: Bilingual;
  type: CellType;
  /**
   * The column takes few distinct values (reference names, codes, statuses): a list writer may
   * cache each value's CSV text instead of escaping it again on every row.
   */
  repeats?: boolean;
}

export type Cell = string | number | null;
export type Row = Cell[];

export interface ExportTable {
  columns: ExportColumn[];
  /** Rows in chunks; aggregate views yield one chunk, lists one per database page. */
  chunks: AsyncIterable<Row[]>;
  /**
   * The CSV body (every line after the header) when a list is read and written in a worker
   * thread; the CSV writer then sends these bytes instead of formatting `chunks`. Lazy: nothing
   * starts until it is iterated.
   */
  csvBody?: () => AsyncIterable<CsvBodyChunk>;
}

/** Bytes of whole CSV lines, and how many data rows they hold. */
export interface CsvBodyChunk {
  bytes: Uint8Array;
  rows: number;
}

/** A table whose rows are already in memory (aggregate views). */
export function tableOf(columns: ExportColumn[], rows: Row[]): ExportTable {
  return {
    columns,
    chunks: (async function* () {
      await Promise.resolve();
      yield rows;
    })(),
  };
}

/** Picks the text of a language. */
export function inLang(text: Bilingual, lang: Lang): string {
  return text[lang];
}
