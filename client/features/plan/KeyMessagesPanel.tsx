import './plan.css';
import type { Filters } from '../../../server/domain/filters.ts';
import { usePlanText } from './plan-text.ts';
import { usePageFilters } from '../../lib/use-page-filters.ts';
import { KeyMessagesList } from './KeyMessagesList.tsx';

/** The key-messages panel of the overview and the province pages (its own lazy chunk). */
export default function KeyMessagesPanel({ filters: pinned }: { filters?: Filters }) {
  const { filters } = usePageFilters();
  const pt = usePlanText();
  return (
    <section className="panel grid-wide" id="key-messages" aria-labelledby="key-messages-title">
      <header className="panel-header">
        <h2 className="panel-title" id="key-messages-title">
          {pt('messages.title')}
        </h2>
      </header>
      <div className="panel-body">
        <KeyMessagesList filters={pinned ?? filters} />
      </div>
    </section>
  );
}
