import type { IncomingMessage } from 'node:http';
import { PAYLOAD_TOO_LARGE } from './http-error.ts';

/** Default limit for request bodies; upload routes declare their own. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * True when the declared Content-Length already exceeds the limit, so the request can be
 * refused before a byte of the body is read.
 */
export function declaresTooLargeBody(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Reads a whole request body, failing with 413 as soon as it passes `limit` bytes (chunked
 * uploads have no Content-Length to check up front).
 */
export async function readBody(
  req: IncomingMessage,
  limit = DEFAULT_MAX_BODY_BYTES,
): Promise<Buffer> {
  if (declaresTooLargeBody(req, limit)) throw PAYLOAD_TOO_LARGE(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw PAYLOAD_TOO_LARGE(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
