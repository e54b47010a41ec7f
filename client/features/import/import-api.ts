// The import endpoints are plain HTTP (a raw file upload), not tRPC; their types come from the
// server as type-only imports.
import type { ImportHistoryEntry } from '../../../server/import/history.ts';
import type { ImportReport } from '../../../server/import/report.ts';
import type { ImportProgress } from '../../../server/import/run-import.ts';
import type { EntityTemplate } from '../../../server/import/templates.ts';
import { csrfHeaders } from '../../lib/session.ts';
import { lastNdjson } from './report-rows.ts';

export type { ImportHistoryEntry, ImportProgress, ImportReport, EntityTemplate };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}

export const fetchTemplates = async (): Promise<readonly EntityTemplate[]> =>
  (await getJson<{ templates: EntityTemplate[] }>('/api/templates')).templates;

export const fetchHistory = async (): Promise<ImportHistoryEntry[]> =>
  (await getJson<{ imports: ImportHistoryEntry[] }>('/api/import/history')).imports;

export interface UploadOptions {
  dryRun: boolean;
  clearSynthetic: boolean;
  encoding: 'auto' | 'utf8' | 'windows-1256';
}

/** Where an upload stands: sending the file, then the server's own progress. */
export type UploadProgress =
  { stage: 'upload'; fraction: number } | { stage: 'server'; progress: ImportProgress };

/** Thrown for an HTTP error answer (busy, bad name, too large) with both languages' messages. */
export class ImportRequestError extends Error {
  constructor(
    message: string,
    readonly messageFa: string,
  ) {
    super(message);
  }
}

function requestError(xhr: XMLHttpRequest): ImportRequestError {
  try {
    const body = JSON.parse(xhr.responseText) as {
      error?: { message?: string; messageFa?: string };
    };
    return new ImportRequestError(
      body.error?.message ?? xhr.statusText,
      body.error?.messageFa ?? xhr.statusText,
    );
  } catch {
    return new ImportRequestError(
      `${xhr.status} ${xhr.statusText}`,
      `${xhr.status} ${xhr.statusText}`,
    );
  }
}

function send(
  url: string,
  body: Blob | null,
  headers: Record<string, string>,
  onProgress: (p: UploadProgress) => void,
): Promise<ImportReport> {
  // XHR rather than fetch: it reports upload progress, and the NDJSON answer as it streams.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    for (const [k, v] of Object.entries({ ...headers, ...csrfHeaders() }))
      xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ stage: 'upload', fraction: e.loaded / e.total });
    };
    xhr.onprogress = () => {
      const last = lastNdjson(xhr.responseText);
      if (last?.progress) onProgress({ stage: 'server', progress: last.progress });
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        reject(requestError(xhr));
        return;
      }
      const last = lastNdjson(xhr.responseText);
      if (last?.report) resolve(last.report);
      else
        reject(
          new ImportRequestError(
            'The server ended the import without a report',
            'سرور بدون گزارش پایان داد',
          ),
        );
    };
    xhr.onerror = () => reject(new ImportRequestError('Network error', 'خطای شبکه'));
    xhr.send(body);
  });
}

/**
 * Uploads CSV or XLSX files for a dry run or an import: one import, one transaction, however
 * many files. Several go back to back in one body, their names and sizes in headers.
 */
export function uploadImport(
  files: readonly File[],
  options: UploadOptions,
  onProgress: (p: UploadProgress) => void,
): Promise<ImportReport> {
  const q = new URLSearchParams();
  if (options.dryRun) q.set('dryRun', '1');
  if (options.clearSynthetic) q.set('clearSynthetic', '1');
  if (options.encoding !== 'auto') q.set('encoding', options.encoding);
  const query = q.size > 0 ? `?${q.toString()}` : '';
  const [only] = files;
  if (files.length === 1 && only)
    return send(
      `/api/import${query}`,
      only,
      { 'X-File-Name': encodeURIComponent(only.name) },
      onProgress,
    );
  return send(
    `/api/import${query}`,
    new Blob([...files]),
    {
      'X-File-Names': files.map((f) => encodeURIComponent(f.name)).join(','),
      'X-File-Sizes': files.map((f) => f.size).join(','),
    },
    onProgress,
  );
}

/** Empties the data tables (the synthetic dataset) in one transaction. */
export function clearDataset(onProgress: (p: UploadProgress) => void): Promise<ImportReport> {
  return send('/api/import/clear', null, {}, onProgress);
}
