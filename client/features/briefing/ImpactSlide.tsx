import type { Filters } from '../../../server/domain/filters.ts';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useImpact } from '../../lib/queries.ts';
import { ImpactGroups } from '../impact/ImpactGroups.tsx';
import '../impact/impact.css';
import { useSlideSize } from './use-slide-size.ts';

/** The impact page's comparison (supported against comparable units): its query and its cards. */
export function ImpactSlide({ filters }: { filters: Filters }) {
  const { chartHeight } = useSlideSize();
  const query = useImpact(filters);
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton height={chartHeight} />;
  return <ImpactGroups impact={query.data} filters={filters} />;
}
