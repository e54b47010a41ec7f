import type { ExportRequest } from './request.ts';

/**
 * What the file is and when it was made:
 * `hemayat-provinces-1398-1403-exported-1405-09-06.csv`, `hemayat-breakdown-sector-year-…`,
 * `hemayat-drill-unit-…`, `hemayat-timeseries-quarter-…`. ASCII only, so every browser and
 * mail client keeps it.
 */
export function exportFileName(
  request: ExportRequest,
  range: { from: number; to: number },
  exportedJalaliDate: string,
): string {
  const parts = ['hemayat', request.view];
  if (request.view === 'breakdown') {
    parts.push(request.options.by);
    if (request.options.by2) parts.push(request.options.by2);
  } else if (request.view === 'drill') {
    parts.push(request.options.level);
  } else if (request.view === 'timeseries' && request.options.grain !== 'year') {
    parts.push(request.options.grain);
  }
  parts.push(range.from === range.to ? String(range.from) : `${range.from}-${range.to}`);
  parts.push('exported', exportedJalaliDate);
  return `${parts.join('-')}.${request.format}`;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with the RFC 5987 form, so a name
 * outside ASCII would survive too).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
