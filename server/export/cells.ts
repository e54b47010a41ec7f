import type { Cell, ExportColumn } from './table.ts';

/**
 * Cell typing shared by the CSV and XLSX writers. What decides a cell's kind is its value as the
 * query returned it: numbers are numbers (negatives included), exact money strings are numbers
 * too, and every other string is text.
 */

/** Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export const INTEGER_TEXT = /^-?\d+$/;

/**
 * OWASP's advice for text cells: prefix a single quote when the text starts with `=`, `+`, `-`,
 * `@`, tab or carriage return, so the spreadsheet shows it as text instead of evaluating it.
 * @example neutraliseText('=1+1') // → "'=1+1"
 */
export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type TypedCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  /** An exact integer (money) kept as decimal digits. */
  | { kind: 'integer-text'; value: string }
  | { kind: 'text'; value: string };

/** The kind of one cell under its column. */
export function typeCell(value: Cell | undefined, column: ExportColumn): TypedCell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'empty' };
  }
  if (column.type === 'money' && INTEGER_TEXT.test(value)) return { kind: 'integer-text', value };
  return { kind: 'text', value };
}

/** A number as a CSV field: Latin digits, no grouping, full precision, never exponent form for integers. */
export function numberText(value: number): string {
  // String() prints integers below 1e21 in plain digits; BigInt only for the rare larger ones.
  if (!Number.isInteger(value) || Math.abs(value) < 1e21) return String(value);
  return BigInt(value).toString();
}
