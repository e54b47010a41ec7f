import { useQuery } from '@tanstack/react-query';
import { useLocale } from '../../lib/locale.ts';
import { fetchHistory } from './import-api.ts';

export const HISTORY_KEY = ['import', 'history'] as const;

/** Every import, newest first: when, who, which file, counts and outcome. */
export function ImportHistory() {
  const { t, fmt } = useLocale();
  const query = useQuery({ queryKey: HISTORY_KEY, queryFn: fetchHistory });
  const rows = query.data ?? [];
  return (
    <section className="panel import-section" aria-labelledby="import-history-title">
      <h2 className="panel-title" id="import-history-title">
        {t('import.history')}
      </h2>
      {query.error ? <p role="alert">{query.error.message}</p> : null}
      {!query.isPending && rows.length === 0 ? (
        <p className="hint">{t('import.historyEmpty')}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="data-table import-history">
          <thead>
            <tr>
              <th scope="col">{t('import.historyWhen')}</th>
              <th scope="col">{t('import.historyUser')}</th>
              <th scope="col">{t('import.historyFiles')}</th>
              <th scope="col">{t('import.rows')}</th>
              <th scope="col">{t('import.historyOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => {
              const rowCount = Object.values(h.counts).reduce<number>(
                (sum, c) =>
                  sum + (typeof c === 'object' && c !== null && 'rows' in c ? Number(c.rows) : 0),
                0,
              );
              return (
                <tr key={h.id}>
                  <td>
                    <time dateTime={h.startedAt}>{fmt.date(h.startedAt.slice(0, 10))}</time>{' '}
                    <span dir="ltr">{h.startedAt.slice(11, 16)}</span>
                  </td>
                  <td>{h.user ?? '—'}</td>
                  <td>
                    <bdi>{h.fileName || t('import.historyClear')}</bdi>
                    <br />
                    <code className="import-hash" dir="ltr" title={h.fileSha256}>
                      {h.fileSha256.slice(0, 12)}
                    </code>
                  </td>
                  <td>{fmt.number(rowCount)}</td>
                  <td>
                    <span className={`import-outcome import-outcome-${h.outcome}`}>
                      {t(`import.outcome.${h.outcome}`)}
                    </span>
                    {h.errorCount > 0 ? ` (${fmt.number(h.errorCount)})` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
