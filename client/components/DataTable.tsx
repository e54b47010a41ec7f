import { lazy, Suspense } from 'react';
import type { DataTableProps } from './DataTableView.tsx';
import { Skeleton } from './states.tsx';

export type { DataTableProps };

// TanStack Table is only needed once a table is shown (most panels open as charts), so it
// stays out of the pages' first load.
const DataTableView = lazy(async () => ({
  default: (await import('./DataTableView.tsx')).DataTableView,
}));

/** A sortable table of chart rows (see DataTableView for the props); loads its code on first use. */
export function DataTable(props: DataTableProps) {
  return (
    <Suspense fallback={<Skeleton height={200} />}>
      <DataTableView {...props} />
    </Suspense>
  );
}
