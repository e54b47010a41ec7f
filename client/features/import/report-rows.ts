// Pure transforms behind the import page: the NDJSON answer, the counts table and the issue
// table in the page's language.
import type { ImportReport } from '../../../server/import/report.ts';
import type { ImportProgress } from '../../../server/import/run-import.ts';
import { IMPORT_ENTITIES, type ImportEntity } from '../../../server/import/templates.ts';

export interface NdjsonLine {
  progress?: ImportProgress;
  report?: ImportReport;
}

/** The last complete line of a streamed NDJSON answer (a partial last line is ignored). */
export function lastNdjson(text: string): NdjsonLine | null {
  const end = text.lastIndexOf('\n');
  if (end <= 0) return null;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  try {
    return JSON.parse(text.slice(start, end)) as NdjsonLine;
  } catch {
    return null;
  }
}

export interface CountRow {
  entity: ImportEntity;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** One row per entity the report touched, in dependency order. */
export function countRows(report: ImportReport): CountRow[] {
  const out: CountRow[] = [];
  for (const entity of IMPORT_ENTITIES) {
    const c = report.counts[entity];
    if (c) out.push({ entity, ...c });
  }
  return out;
}

export interface IssueRow {
  key: string;
  where: string;
  row: number;
  column: string;
  value: string;
  message: string;
}

/** The report's issues with the message of the page's language. */
export function issueRows(report: ImportReport, lang: 'fa' | 'en'): IssueRow[] {
  return report.issues.map((i, n) => ({
    key: `${n}`,
    where: i.sheet ? `${i.file} › ${i.sheet}` : i.file,
    row: i.row,
    column: i.column ?? '',
    value: i.value ?? '',
    message: lang === 'fa' ? i.fa : i.en,
  }));
}

/** 0..1 progress of an import: the upload is the first tenth, the server's work the rest. */
export function overallFraction(
  p: { stage: 'upload'; fraction: number } | { stage: 'server'; progress: ImportProgress },
): number {
  return p.stage === 'upload' ? p.fraction * 0.1 : 0.1 + p.progress.fraction * 0.9;
}
