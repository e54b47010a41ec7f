import { useLocale } from '../../lib/locale.ts';
import type { ImportReport } from './import-api.ts';
import { countRows, issueRows } from './report-rows.ts';

/** The outcome, the counts per entity and every reported problem (row, column, value, message). */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t, lang, fmt } = useLocale();
  const verdict =
    report.outcome === 'ok'
      ? report.dryRun
        ? t('import.resultDry')
        : t('import.resultOk')
      : report.outcome === 'rejected'
        ? t('import.resultRejected', { count: fmt.number(report.issueCount) })
        : t('import.resultFailed', { message: report.failure ?? '' });
  const issues = issueRows(report, lang);
  return (
    <div className="import-report" aria-live="polite">
      <p className={`import-verdict import-verdict-${report.outcome}`} role="status">
        {verdict}
      </p>
      {countRows(report).length > 0 ? (
        <table className="data-table import-counts">
          <caption>{report.committed ? t('import.countsDone') : t('import.countsWould')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.entity')}</th>
              <th scope="col">{t('import.rows')}</th>
              <th scope="col">{t('import.added')}</th>
              <th scope="col">{t('import.changed')}</th>
              <th scope="col">{t('import.unchanged')}</th>
              <th scope="col">{t('import.rejectedRows')}</th>
            </tr>
          </thead>
          <tbody>
            {countRows(report).map((c) => (
              <tr key={c.entity}>
                <th scope="row">
                  <code dir="ltr">{c.entity}</code>
                </th>
                <td>{fmt.number(c.rows)}</td>
                <td>{fmt.number(c.inserted)}</td>
                <td>{fmt.number(c.updated)}</td>
                <td>{fmt.number(c.unchanged)}</td>
                <td>{fmt.number(c.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {issues.length > 0 ? (
        <table className="data-table import-issues">
          <caption>{t('import.issues')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.colFile')}</th>
              <th scope="col">{t('import.colRow')}</th>
              <th scope="col">{t('import.colColumn')}</th>
              <th scope="col">{t('import.colValue')}</th>
              <th scope="col">{t('import.colMessage')}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i) => (
              <tr key={i.key}>
                <td>{i.where}</td>
                <td>{i.row > 0 ? fmt.number(i.row) : ''}</td>
                <td>
                  <code dir="ltr">{i.column}</code>
                </td>
                <td>
                  <bdi>{i.value}</bdi>
                </td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.issueCount > issues.length ? (
        <p className="hint">
          {t('import.issuesMore', { count: fmt.number(report.issueCount - issues.length) })}
        </p>
      ) : null}
    </div>
  );
}
