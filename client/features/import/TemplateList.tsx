import { useQuery } from '@tanstack/react-query';
import { useLocale } from '../../lib/locale.ts';
import { fetchTemplates } from './import-api.ts';

/** The entity templates: a download link each, and their columns (from the server's one definition). */
export function TemplateList() {
  const { t, lang } = useLocale();
  const query = useQuery({
    queryKey: ['import', 'templates'],
    queryFn: fetchTemplates,
    staleTime: Infinity,
  });
  return (
    <section className="panel import-section" aria-labelledby="import-templates-title">
      <h2 className="panel-title" id="import-templates-title">
        {t('import.templates')}
      </h2>
      <p className="hint">{t('import.templatesHint')}</p>
      {query.error ? <p role="alert">{query.error.message}</p> : null}
      <ul className="import-templates">
        {(query.data ?? []).map((tpl) => (
          <li key={tpl.entity}>
            <details>
              <summary>
                <span>{lang === 'fa' ? tpl.nameFa : tpl.nameEn}</span>{' '}
                <a href={`/api/templates/${tpl.entity}.csv`} download={`${tpl.entity}.csv`}>
                  {t('import.download', { file: `${tpl.entity}.csv` })}
                </a>
              </summary>
              <table className="import-columns">
                <thead>
                  <tr>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.columnRequired')}</th>
                    <th scope="col">{t('import.columnMeaning')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tpl.columns.map((c) => (
                    <tr key={c.key}>
                      <td>
                        <code dir="ltr">{c.key}</code>{' '}
                        <span className="import-muted">({c.labelFa})</span>
                      </td>
                      <td>{c.required ? t('import.required') : t('import.optional')}</td>
                      <td>{lang === 'fa' ? c.descriptionFa : c.descriptionEn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
