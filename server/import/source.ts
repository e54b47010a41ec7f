import type { IssueCode } from './messages.ts';

/** A slice of a file's records as read: cells as text, with their spreadsheet row numbers. */
export interface RowChunk {
  rows: string[][];
  numbers: number[];
  /** Bytes of the file read so far (for progress). */
  bytes: number;
  /** CSV only: the file ended inside a quoted field. */
  unterminated: boolean;
}

/** A problem with a whole file (unreadable, wrong encoding), reported instead of thrown further. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    readonly code: IssueCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
