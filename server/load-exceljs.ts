import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs, loaded on first use: it is the largest package the server loads (~0.5 s of module
 * evaluation on an idle machine, 60% of the server's module loading) and only Excel exports and
 * imports need it, so a start no longer pays for it; the first Excel file after a start does.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
