import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { MAX_IMPORT_BYTES } from '../../../server/domain/import-limits.ts';
import { useLocale } from '../../lib/locale.ts';
import {
  clearDataset,
  ImportRequestError,
  uploadImport,
  type ImportReport,
  type UploadOptions,
  type UploadProgress,
} from './import-api.ts';
import { ImportReportView } from './ImportReportView.tsx';
import { overallFraction } from './report-rows.ts';

/**
 * Pick a file, check it (dry run), then import it; or clear the synthetic dataset. Shows the
 * progress of the upload and of the server's work, then the report.
 */
export function ImportForm() {
  const { t, lang, fmt } = useLocale();
  const queryClient = useQueryClient();
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [encoding, setEncoding] = useState<UploadOptions['encoding']>('auto');
  const [replace, setReplace] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null;

  async function run(action: () => Promise<ImportReport>): Promise<void> {
    setReport(null);
    setError(null);
    setProgress({ stage: 'upload', fraction: 0 });
    try {
      const r = await action();
      setReport(r);
      // the dashboard, its synthetic-data note and the history all change after a commit
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(
        e instanceof ImportRequestError ? (lang === 'fa' ? e.messageFa : e.message) : String(e),
      );
    } finally {
      setProgress(null);
    }
  }

  const start = (dryRun: boolean) => {
    if (files.length === 0) {
      setError(t('import.noFile'));
      return;
    }
    if (files.reduce((sum, f) => sum + f.size, 0) > MAX_IMPORT_BYTES) {
      setError(t('import.tooLarge', { size: fmt.number(MAX_IMPORT_BYTES / 2 ** 20) }));
      return;
    }
    void run(() => uploadImport(files, { dryRun, clearSynthetic: replace, encoding }, setProgress));
  };
  const clear = () => {
    if (!window.confirm(t('import.clearConfirm'))) return;
    void run(() => clearDataset(setProgress));
  };

  const phase = progress?.stage === 'server' ? progress.progress.phase : 'upload';
  return (
    <section className="panel import-section" aria-labelledby={`${id}-title`}>
      <h2 className="panel-title" id={`${id}-title`}>
        {t('import.upload')}
      </h2>
      <p className="hint">{t('import.uploadHint')}</p>
      <div className="import-form">
        <label>
          {t('import.file')}
          <input
            type="file"
            multiple
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={(e) => {
              setFiles([...(e.currentTarget.files ?? [])]);
              setReport(null);
            }}
          />
        </label>
        <label>
          {t('import.encoding')}
          <select
            value={encoding}
            disabled={busy}
            onChange={(e) => setEncoding(e.currentTarget.value as UploadOptions['encoding'])}
          >
            <option value="auto">{t('import.encodingAuto')}</option>
            <option value="utf8">UTF-8</option>
            <option value="windows-1256">{t('import.encodingWindows')}</option>
          </select>
        </label>
        <label className="import-check">
          <input
            type="checkbox"
            checked={replace}
            disabled={busy}
            onChange={(e) => setReplace(e.currentTarget.checked)}
          />
          {t('import.replace')}
        </label>
      </div>
      <div className="import-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => start(true)}>
          {t('import.check')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => start(false)}
        >
          {t('import.run')}
        </button>
        <button type="button" className="btn import-clear" disabled={busy} onClick={clear}>
          {t('import.clear')}
        </button>
      </div>
      {progress ? (
        <div className="import-progress">
          <progress
            max={1}
            value={overallFraction(progress)}
            aria-label={t(`import.phase.${phase}`)}
          />
          <span>
            {t(`import.phase.${phase}`)}
            {progress.stage === 'server' && progress.progress.rows > 0
              ? ` — ${t('import.rowsRead', { count: fmt.number(progress.progress.rows) })}`
              : ''}
          </span>
        </div>
      ) : null}
      {error ? (
        <p className="import-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? <ImportReportView report={report} /> : null}
    </section>
  );
}
