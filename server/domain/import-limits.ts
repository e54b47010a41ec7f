/**
 * Largest upload the import endpoint accepts, all files of one import together. The body streams
 * to temporary files, never into memory; the page checks it before uploading. Larger data goes
 * through `npm run import`.
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
