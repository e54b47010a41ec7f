import './plan.css';
import type { Filters } from '../../../server/domain/filters.ts';
import { useLocale } from '../../lib/locale.ts';
import { KeyMessagesList } from './KeyMessagesList.tsx';

/** The key-messages panel of the overview and the province pages (its own lazy chunk). */
export function KeyMessagesPanel({ filters }: { filters: Filters }) {
  const { t } = useLocale();
  return (
    <section className="panel grid-wide" id="key-messages" aria-labelledby="key-messages-title">
      <header className="panel-header">
        <h2 className="panel-title" id="key-messages-title">
          {t('messages.title')}
        </h2>
      </header>
      <div className="panel-body">
        <KeyMessagesList filters={filters} />
      </div>
    </section>
  );
}
