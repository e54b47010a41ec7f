import { describe, expect, it } from 'vitest';
import { matchPath } from '../../server/http/routes.ts';

describe('matchPath', () => {
  it('matches exact paths', () => {
    expect(matchPath('/healthz', '/healthz')).toEqual({});
    expect(matchPath('/healthz', '/healthz/')).toBeNull();
    expect(matchPath('/healthz', '/health')).toBeNull();
  });

  it('captures placeholders, one segment each', () => {
    expect(matchPath('/api/export/:file', '/api/export/provinces.csv')).toEqual({
      file: 'provinces.csv',
    });
    expect(matchPath('/api/export/:file', '/api/export/')).toBeNull();
    expect(matchPath('/api/export/:file', '/api/export/a/b')).toBeNull();
  });
});
