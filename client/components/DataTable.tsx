import { useEffect, useState, type ComponentType } from 'react';
import type { DataTableProps } from './DataTableView.tsx';
import { Skeleton } from './states.tsx';

export type { DataTableProps, TextColumn } from './DataTableView.tsx';

// TanStack Table is only needed once a table is shown (most panels open as charts), so it stays
// out of the pages' first load. Loaded by hand rather than React.lazy: a lazy table rendered in
// the first paint of a lazily routed page stayed on its Suspense fallback after the chunk arrived.
let loaded: ComponentType<DataTableProps> | null = null;
let loading: Promise<ComponentType<DataTableProps>> | null = null;

function loadView(): Promise<ComponentType<DataTableProps>> {
  loading ??= import('./DataTableView.tsx').then((module) => {
    loaded = module.DataTableView;
    return loaded;
  });
  return loading;
}

/** A sortable table of chart rows (props: see DataTableView); loads its code on first use. */
export function DataTable(props: DataTableProps) {
  const [View, setView] = useState<ComponentType<DataTableProps> | null>(() => loaded);
  useEffect(() => {
    if (View) return;
    let live = true;
    void loadView().then((component) => {
      if (live) setView(() => component);
    });
    return () => {
      live = false;
    };
  }, [View]);
  return View ? <View {...props} /> : <Skeleton height={200} />;
}
