// The import report: what the CLI prints, the HTTP endpoint returns and the page shows. Pure
// types and a collector that caps what it keeps, so a bad 10M-row file cannot exhaust memory.
import { issueMessage, type IssueCode, type IssueParams } from './messages.ts';
import type { ImportEntity } from './templates.ts';

export interface ImportIssue {
  file: string;
  sheet: string | null;
  entity: ImportEntity | null;
  /** Spreadsheet row number: the header is row 1, the first data row 2; 0 for file-level issues. */
  row: number;
  column: string | null;
  value: string | null;
  code: IssueCode;
  fa: string;
  en: string;
}

export interface EntityCounts {
  /** Data rows read (blank rows skipped). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows with at least one problem. */
  rejected: number;
}

export type ImportOutcome = 'ok' | 'rejected' | 'failed';

export interface ImportReport {
  outcome: ImportOutcome;
  dryRun: boolean;
  /** True when the whole import was written (never for a dry run or a rejection). */
  committed: boolean;
  cleared: boolean;
  files: {
    name: string;
    sha256: string;
    bytes: number;
    parts: { sheet: string | null; entity: ImportEntity | null; rows: number }[];
  }[];
  counts: Partial<Record<ImportEntity, EntityCounts>>;
  /** The first MAX_REPORTED_ISSUES issues, in file order. */
  issues: ImportIssue[];
  issueCount: number;
  issueCountByCode: Partial<Record<IssueCode, number>>;
  /** Unexpected failure (a bug or the database going away), not a data problem. */
  failure: string | null;
  durationMs: number;
  rowsPerSecond: number;
  importId: number | null;
}

/** How many issues a report lists; the rest are only counted. */
export const MAX_REPORTED_ISSUES = 1000;

export interface IssueLocation {
  file: string;
  sheet: string | null;
  entity: ImportEntity | null;
}

/** Issues collected since a point, as IssueCollector.takeNew hands them on. */
export interface IssueDelta {
  issues: ImportIssue[];
  count: number;
  byCode: Partial<Record<IssueCode, number>>;
}

/** Collects issues, keeping the first MAX_REPORTED_ISSUES and counting every one. */
export class IssueCollector {
  readonly issues: ImportIssue[] = [];
  count = 0;
  readonly byCode: Partial<Record<IssueCode, number>> = {};
  /** Issues kept so far, including any already handed on by takeNew. */
  private kept = 0;
  private countTaken = 0;
  private readonly byCodeTaken: Partial<Record<IssueCode, number>> = {};

  constructor(private readonly limit = MAX_REPORTED_ISSUES) {}

  /** What was collected since the last call (a validation worker hands it to the main thread). */
  takeNew(): IssueDelta {
    const byCode: Partial<Record<IssueCode, number>> = {};
    for (const [code, n] of Object.entries(this.byCode) as [IssueCode, number][]) {
      const fresh = n - (this.byCodeTaken[code] ?? 0);
      if (fresh > 0) byCode[code] = fresh;
      this.byCodeTaken[code] = n;
    }
    const delta = { issues: this.issues.splice(0), count: this.count - this.countTaken, byCode };
    this.countTaken = this.count;
    return delta;
  }

  /** Adds what another collector took (keeping this collector's limit). */
  absorb(delta: IssueDelta): void {
    this.count += delta.count;
    for (const [code, n] of Object.entries(delta.byCode) as [IssueCode, number][])
      this.byCode[code] = (this.byCode[code] ?? 0) + n;
    for (const issue of delta.issues) {
      if (this.kept >= this.limit) break;
      this.kept++;
      this.issues.push(issue);
    }
  }

  add(
    at: IssueLocation,
    row: number,
    column: string | null,
    value: string | null,
    code: IssueCode,
    params: IssueParams = {},
  ): void {
    this.count++;
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (this.kept >= this.limit) return;
    this.kept++;
    const message = issueMessage(code, {
      column: column ?? undefined,
      value: value ?? undefined,
      ...params,
    });
    this.issues.push({
      file: at.file,
      sheet: at.sheet,
      entity: at.entity,
      row,
      column,
      value,
      code,
      fa: message.fa,
      en: message.en,
    });
  }
}

export function emptyCounts(): EntityCounts {
  return { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
}
