import { ALL_SCOPE } from '../domain/scope.ts';
import { prepareExport } from '../export/export-file.ts';
import { contentDisposition } from '../export/file-name.ts';
import { ExportRequestError, parseExportRequest } from '../export/request.ts';
import { HttpError } from './http-error.ts';
import type { Route } from './routes.ts';

function httpErrorOf(error: ExportRequestError): HttpError {
  return new HttpError(
    error.status,
    error.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST',
    error.message,
    error.messageFa,
  );
}

/**
 * `GET /api/export/<view>.<csv|xlsx>?<page URL parameters>` (DESIGN §3, issue #5): the data behind
 * a view as a download. Bad parameters answer 400 JSON before any byte of the file; a client that
 * goes away mid-download stops the database reads.
 */
export const exportRoute: Route = {
  method: 'GET',
  path: '/api/export/:file',
  async handle({ req, res, url, params, db }) {
    // Sign-in (#8) will take the session's scope here.
    const scope = ALL_SCOPE;
    let prepared;
    try {
      const request = parseExportRequest(params.file ?? '', url.searchParams);
      prepared = await prepareExport(db, scope, request);
    } catch (error) {
      throw error instanceof ExportRequestError ? httpErrorOf(error) : error;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', prepared.contentType);
    res.setHeader('Content-Disposition', contentDisposition(prepared.fileName));
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await prepared.write(res);
    } catch (error) {
      // The client went away: nothing to answer, and not a server fault.
      if (res.destroyed || req.destroyed) return;
      throw error;
    }
  },
};
