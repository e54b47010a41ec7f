import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { CsvTokenizer, detectDelimiter } from './csv-tokenizer.ts';
import { ImportFileError, type RowChunk } from './source.ts';

export type CsvEncoding = 'utf8' | 'windows-1256';
export type EncodingChoice = CsvEncoding | 'auto';

const CHUNK_BYTES = 1 << 20;
const PROBE_BYTES = 64 * 1024;

/**
 * Guesses a CSV file's encoding: a UTF-8 BOM or valid UTF-8 around the first non-ASCII byte
 * means UTF-8; anything else is taken as Windows-1256 (Arabic Windows, what Persian Excel
 * writes by default). A file of pure ASCII is UTF-8.
 */
export async function detectEncoding(path: string): Promise<CsvEncoding> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let offset = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, offset);
      if (bytesRead === 0) return 'utf8';
      if (offset === 0 && bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
        return 'utf8';
      let first = -1;
      for (let i = 0; i < bytesRead; i++) {
        if ((buf[i] ?? 0) >= 0x80) {
          first = i;
          break;
        }
      }
      if (first === -1) {
        offset += bytesRead;
        continue;
      }
      // The first non-ASCII byte of valid UTF-8 always starts a character, so a probe from here is fair.
      const probe = Buffer.allocUnsafe(PROBE_BYTES);
      const { bytesRead: n } = await handle.read(probe, 0, PROBE_BYTES, offset + first);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(probe.subarray(0, n), { stream: true });
        return 'utf8';
      } catch {
        return 'windows-1256';
      }
    }
  } finally {
    await handle.close();
  }
}

interface Decoder {
  write(buf: Buffer): string;
  end(): string;
}

function decoderFor(encoding: CsvEncoding): Decoder {
  if (encoding === 'windows-1256') {
    const d = iconv.getDecoder('windows-1256');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder('utf-8', { fatal: true });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/**
 * Streams a CSV file as chunks of records (record 1 is the header), decoding UTF-8 or
 * Windows-1256 and hashing the raw bytes as they pass. Throws ImportFileError for text that is
 * not valid in the chosen encoding.
 */
export async function* readCsvChunks(
  path: string,
  encoding: CsvEncoding,
  hash: Hash = createHash('sha256'),
): AsyncGenerator<RowChunk> {
  const decoder = decoderFor(encoding);
  let rows: string[][] = [];
  let numbers: number[] = [];
  let tokenizer: CsvTokenizer | null = null;
  let pendingText = '';
  let bytes = 0;
  const sink = (cells: string[], record: number): void => {
    rows.push(cells);
    numbers.push(record);
  };
  const feed = (text: string): void => {
    if (tokenizer) {
      tokenizer.push(text);
      return;
    }
    // The delimiter is chosen from the header line, so wait until it is complete.
    pendingText += text;
    const nl = pendingText.indexOf('\n');
    if (nl === -1) return;
    tokenizer = new CsvTokenizer(detectDelimiter(pendingText.slice(0, nl)), sink);
    tokenizer.push(pendingText);
    pendingText = '';
  };
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    let text: string;
    try {
      text = decoder.write(chunk);
    } catch {
      stream.destroy();
      throw new ImportFileError('bad_encoding', String(bytes));
    }
    bytes += chunk.length;
    feed(text);
    if (rows.length > 0) {
      yield { rows, numbers, bytes, unterminated: false };
      rows = [];
      numbers = [];
    }
  }
  let tail: string;
  try {
    tail = decoder.end();
  } catch {
    throw new ImportFileError('bad_encoding', String(bytes));
  }
  feed(tail);
  if (!tokenizer && pendingText.length > 0) feed('\n');
  const last = tokenizer as CsvTokenizer | null;
  last?.end();
  yield { rows, numbers, bytes, unterminated: last?.unterminated ?? false };
}
