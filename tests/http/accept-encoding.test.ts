import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../server/http/accept-encoding.ts';

describe('preferredEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=1.0, gzip;q=1.0', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['GZIP', 'gzip'],
    ['gzip;q=oops', 'identity'],
  ] as const)('%s → %s', (header, expected) => {
    expect(preferredEncoding(header, both)).toBe(expected);
  });

  it('only offers encodings that exist for the file', () => {
    expect(preferredEncoding('br', ['gzip'])).toBe('identity');
    expect(preferredEncoding('br, gzip', [])).toBe('identity');
  });
});
