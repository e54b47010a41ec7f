import { csvChunks } from '../export/csv-writer.ts';
import type { ExportColumn, Row } from '../export/table.ts';
import { listAudit } from '../stores/audit.ts';
import type { Route } from './routes.ts';

const COLUMNS: ExportColumn[] = [
  { key: 'id', label: { fa: 'شناسه', en: 'ID' }, type: 'int' },
  { key: 'at', label: { fa: 'زمان (UTC)', en: 'Time (UTC)' }, type: 'text' },
  { key: 'username', label: { fa: 'کاربر', en: 'User' }, type: 'text' },
  { key: 'action', label: { fa: 'رویداد', en: 'Action' }, type: 'text' },
  { key: 'outcome', label: { fa: 'نتیجه', en: 'Outcome' }, type: 'text' },
  { key: 'ip', label: { fa: 'نشانی', en: 'Address' }, type: 'text' },
  { key: 'detail', label: { fa: 'جزئیات', en: 'Detail' }, type: 'text' },
];
const PAGE = 1000;

/**
 * `GET /api/audit.csv[?lang=en]`: the whole audit log, newest first, through the exports' CSV
 * writer (BOM, CRLF, formula-injection guard), read in keyset pages. Administrators only.
 */
const auditCsvRoute: Route = {
  method: 'GET',
  path: '/api/audit.csv',
  access: 'viewAudit',
  async handle({ req, res, url, db }) {
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'fa';
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="hemayat-audit.csv"');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const chunks = (async function* () {
      let beforeId: number | undefined;
      for (;;) {
        const rows = await listAudit(db, { limit: PAGE, ...(beforeId ? { beforeId } : {}) });
        if (rows.length === 0) return;
        yield rows.map((r): Row => [
          r.id,
          r.at,
          r.username,
          r.action,
          r.outcome,
          r.ip,
          JSON.stringify(r.detail),
        ]);
        beforeId = rows[rows.length - 1]?.id;
        if (rows.length < PAGE) return;
      }
    })();
    for await (const text of csvChunks(
      { columns: COLUMNS, chunks },
      { lang, header: 'labels', bom: true },
    )) {
      if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  },
};

export const auditRoutes: readonly Route[] = [auditCsvRoute];
