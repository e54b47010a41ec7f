export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * Picks the encoding to send from an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable
 * encoding with the highest q-value among `available`, ties going to the order of `available`
 * (brotli first, as it is smaller); `identity` when none is acceptable.
 * @example preferredEncoding('gzip, deflate, br', ['br', 'gzip']) // → 'br'
 */
export function preferredEncoding(
  header: string | string[] | undefined,
  available: readonly Exclude<ContentEncoding, 'identity'>[],
): ContentEncoding {
  if (!header || available.length === 0) return 'identity';
  const text = Array.isArray(header) ? header.join(',') : header;
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best: ContentEncoding = 'identity';
  let bestQ = 0;
  for (const encoding of available) {
    const value = q.get(encoding) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = encoding;
      bestQ = value;
    }
  }
  return best;
}
