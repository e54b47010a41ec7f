import type { DataTable, Row } from './tables.ts';

/** Bulk writer over one dialect; every call is its own transaction. */
export interface BulkWriter {
  /** Rows currently in `units`. */
  unitCount(): Promise<number>;
  /** Value of a dataset_meta key, or null. */
  meta(key: string): Promise<string | null>;
  /** Deletes every generated row and the dataset facts, in one transaction. */
  clearData(): Promise<void>;
  /** Writes the rows of several tables in one transaction (in DATA_TABLES order). */
  writeBatch(rows: Partial<Record<DataTable, Row[]>>): Promise<void>;
  /** Replaces dataset_meta entries, in one transaction. */
  writeMeta(entries: Record<string, string>): Promise<void>;
  /** Database size in bytes (SQLite file), or null. */
  sizeBytes(): Promise<number | null>;
  close(): Promise<void>;
}
