import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** `/admin/audit`: the audit log, newest first, 50 a page, and the whole log as CSV. */
export function AuditPage() {
  const trpc = useTRPC();
  const { lang, t } = useLocale();
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
        <table className="data-table">
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
                <td dir="ltr">{row.at.replace('T', ' ').slice(0, 19)}</td>
                <td dir="ltr">{row.username ?? '—'}</td>
                <td dir="ltr">{row.action}</td>
                <td dir="ltr">{row.outcome}</td>
                <td dir="ltr">{row.ip ?? ''}</td>
                <td dir="ltr">
                  <code>{JSON.stringify(row.detail)}</code>
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
