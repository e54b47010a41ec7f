import '../plan/plan.css';
import type { Filters } from '../../../server/domain/filters.ts';
import { KeyMessagesList } from '../plan/KeyMessagesList.tsx';

/** The deck's first slide: the key messages of its first view, as its panel shows them. */
export function MessagesSlide({ filters }: { filters: Filters }) {
  return <KeyMessagesList filters={filters} className="key-messages slide-messages" />;
}
