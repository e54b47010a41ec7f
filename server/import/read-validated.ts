// One file part read and validated row by row: the loop shared by the import's main thread and
// its validation worker (validate-worker.ts). Valid rows leave in batches; problems go to the
// collector; nothing here writes to a database.
import type { Hash } from 'node:crypto';
import type { Lookups } from './lookups.ts';
import { isBlank } from './normalise.ts';
import type { Part } from './plan.ts';
import { readCsvChunks } from './read-csv.ts';
import { readSheetChunks } from './read-xlsx.ts';
import type { IssueCollector, IssueLocation } from './report.ts';
import { ImportFileError, type RowChunk } from './source.ts';
import { templateOf } from './templates.ts';
import { createValidator, mapHeader, type RowValidator } from './validate.ts';
import type { PendingRow } from './write-specs.ts';

/** Data rows read (blank rows skipped) and rows rejected by validation. */
export interface ReadCounts {
  rows: number;
  rejected: number;
}

/**
 * Reads `part`, maps its header, validates every data row and hands the valid ones to `onBatch`
 * in batches of `batchRows` (the last one shorter), with the bytes read so far. A file that
 * cannot be read becomes one file-level issue.
 */
export async function readValidated(
  part: Part,
  lookups: Lookups,
  issues: IssueCollector,
  counts: ReadCounts,
  hash: Hash | null,
  batchRows: number,
  onBatch: (rows: PendingRow[], bytes: number) => Promise<void>,
): Promise<void> {
  const at: IssueLocation = { file: part.file.name, sheet: part.sheet, entity: part.entity };
  const template = templateOf(part.entity);
  const chunks: AsyncGenerator<RowChunk> =
    part.kind === 'csv'
      ? readCsvChunks(part.file.path, part.encoding, hash ?? undefined)
      : readSheetChunks(part.file.path, part.sheet ?? '', part.streamable);
  let validate: RowValidator | null = null;
  let batch: PendingRow[] = [];
  let lastRow = 0;
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      const { rows, numbers } = chunk;
      for (let i = 0; i < rows.length; i++) {
        const cells = rows[i] as string[];
        const row = numbers[i] ?? 0;
        lastRow = row;
        if ((cells[0] === '' || isBlank(cells[0] ?? '')) && cells.every(isBlank)) continue;
        if (!validate) {
          const columnIndex = mapHeader(template, cells, at, issues);
          if (!columnIndex) return; // a required column is missing: the rows cannot be read
          validate = createValidator(template, columnIndex, cells.length, lookups, issues, at);
          continue;
        }
        counts.rows++;
        const pending = validate(cells, row);
        if (!pending) {
          counts.rejected++;
          continue;
        }
        batch.push(pending);
        if (batch.length >= batchRows) {
          await onBatch(batch, bytes);
          batch = [];
        }
      }
      bytes = chunk.bytes;
      if (chunk.unterminated) issues.add(at, lastRow + 1, null, null, 'unterminated_quote');
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    issues.add(at, 0, null, null, error.code, { value: error.detail });
    return; // the rows read so far are not written: the import is rejected anyway
  } finally {
    await chunks.return(undefined);
  }
  await onBatch(batch, bytes);
}
