import { useLocale } from '../../lib/locale.ts';
import { ImportForm } from './ImportForm.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { TemplateList } from './TemplateList.tsx';
import './import.css';

/**
 * `/import`: the data officer's page. Download a template, check a file (dry run) and read the
 * report of every bad row, import it in one transaction, see the history (issue #7).
 */
export function ImportPage() {
  const { t } = useLocale();
  return (
    <>
      <h1 className="page-title">{t('import.title')}</h1>
      <p className="hint">{t('import.intro')}</p>
      <div className="import-page">
        <ImportForm />
        <TemplateList />
        <ImportHistory />
      </div>
    </>
  );
}
