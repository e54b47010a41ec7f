import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { actionName, detailFields, outcomeName } from './audit-text.ts';
import './admin.css';

/**
 * `/admin/audit`: the audit log, newest first, 50 a page, and the whole log as CSV. Read in the
 * user's language: event and outcome names in words, Jalali local times, details as fields.
 */
export function AuditPage() {
  const trpc = useTRPC();
  const { lang, t, fmt } = useLocale();
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const beforeId = pages[pages.length - 1];
  const query = useQuery(trpc.audit.list.queryOptions(beforeId !== undefined ? { beforeId } : {}));
  return (
    <section className="panel">
      <h1>{t('nav.audit')}</h1>
      <p>
        <a className="btn" href={`/api/audit.csv${lang === 'en' ? '?lang=en' : ''}`} download>
          {t('audit.downloadCsv')}
        </a>
      </p>
      {query.isPending ? <Skeleton height={300} /> : null}
      {query.error ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : null}
      {query.data ? (
        <table className="data-table audit-table">
          <thead>
            <tr>
              <th>{t('audit.time')}</th>
              <th>{t('audit.user')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.outcome')}</th>
              <th>{t('audit.address')}</th>
              <th>{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.rows.map((row) => (
              <tr key={row.id}>
                <td className="audit-time">
                  <time dateTime={row.at}>{fmt.dateTime(row.at)}</time>
                </td>
                <td>
                  <bdi>{row.username ?? '—'}</bdi>
                </td>
                <td data-action={row.action}>{actionName(row.action, lang)}</td>
                <td data-outcome={row.outcome}>{outcomeName(row.outcome, lang)}</td>
                <td>
                  <bdi>{row.ip ?? '—'}</bdi>
                </td>
                <td>
                  <dl className="audit-detail">
                    {detailFields(row.detail, fmt).map((f) => (
                      <div key={f.key}>
                        <dt>{f.label}</dt>
                        <dd>
                          <bdi>{f.value}</bdi>
                        </dd>
                      </div>
                    ))}
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        {pages.length > 1 ? (
          <button type="button" className="btn" onClick={() => setPages(pages.slice(0, -1))}>
            {t('audit.newer')}
          </button>
        ) : null}{' '}
        {query.data?.nextBeforeId ? (
          <button
            type="button"
            className="btn"
            onClick={() => setPages([...pages, query.data.nextBeforeId ?? undefined])}
          >
            {t('audit.older')}
          </button>
        ) : null}
      </p>
    </section>
  );
}
