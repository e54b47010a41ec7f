import type { DataTable, Row } from './tables.ts';

/** Bulk writer over one dialect; every call is its own transaction. */
export interface BulkWriter {
  /** Rows currently in `units`. */
  unitCount(): Promise<number>;
  /** Value of a dataset_meta key, or null. */
  meta(key: string): Promise<string | null>;
  /** Deletes every generated row and the dataset facts, in one transaction. */
  clearData(): Promise<void>;
  /**
   * Drops the secondary indexes of the data tables for the bulk load (remembering their SQL in
   * dataset_meta, so an interrupted run can restore them). No-op where not worth it.
   */
  deferIndexes(): Promise<void>;
  /** Recreates indexes dropped by `deferIndexes` (also those left by an interrupted run). */
  restoreIndexes(): Promise<void>;
  /** Writes the rows of several tables in one transaction (in DATA_TABLES order). */
  writeBatch(rows: Partial<Record<DataTable, Row[]>>): Promise<void>;
  /** Replaces dataset_meta entries, in one transaction. */
  writeMeta(entries: Record<string, string>): Promise<void>;
  /** Database size in bytes (SQLite file), or null. */
  sizeBytes(): Promise<number | null>;
  close(): Promise<void>;
}
