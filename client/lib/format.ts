/**
 * The client's formatting module is the shared one (server/domain/format.ts): the server writes
 * the key messages of an Excel export with it, so a sentence reads the same in the file as on
 * screen. Kept under this name so the pages' imports stay as they are.
 */
export * from '../../server/domain/format.ts';
