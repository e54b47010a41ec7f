import { useId, useRef, useState, type ReactNode } from 'react';
import type { ExportTarget } from '../lib/export-url.ts';
import { useLocale } from '../lib/locale.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { EmptyState, ErrorState, Skeleton } from './states.tsx';

/** What a panel needs to know about its data: usually `panelStateOf(query, rows.length === 0)`. */
export interface PanelState {
  /** No data yet (first load): show a skeleton. */
  pending: boolean;
  /** A refetch is running while the previous data stays on screen. */
  fetching: boolean;
  error: { message: string } | null;
  /** Data arrived and holds nothing to show. */
  empty: boolean;
  retry: () => void;
}

/** Adapts a TanStack Query result to PanelState. */
export function panelStateOf(
  query: {
    isPending: boolean;
    isFetching: boolean;
    error: { message: string } | null;
    refetch: () => unknown;
  },
  empty: boolean,
): PanelState {
  return {
    pending: query.isPending,
    fetching: query.isFetching && !query.isPending,
    error: query.error,
    empty: !query.isPending && !query.error && empty,
    retry: () => void query.refetch(),
  };
}

export interface PanelProps {
  title: string;
  subtitle?: ReactNode;
  /** Slot for actions in the header (Export menu, Present…), placed before the view toggle. */
  actions?: ReactNode;
  /** Controls shown in the header (metric pickers…). */
  controls?: ReactNode;
  /** When given, a Chart/Table toggle appears and this is rendered in table view. */
  table?: () => ReactNode;
  state: PanelState;
  /** The chart (rendered only when data is present). */
  children: () => ReactNode;
  /** Skeleton height on first load. */
  height?: number;
  className?: string;
  /** Stable id (e2e tests and in-page links); one is generated otherwise. */
  id?: string;
  /** The data behind the panel for CSV/Excel; every panel offers PNG/SVG of its chart. */
  exportTarget?: ExportTarget;
}

/**
 * A titled dashboard panel: header with title, controls, actions slot and Chart/Table toggle;
 * body with skeleton on first load, error with retry, empty state naming the filters, or the chart.
 * While refetching, the previous chart stays (dimmed, aria-busy) so nothing flickers.
 */
export function Panel({
  title,
  subtitle,
  actions,
  controls,
  table,
  state,
  children,
  height = 260,
  className,
  id,
  exportTarget,
}: PanelProps) {
  const { t } = useLocale();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const generated = useId();
  const headingId = `${id ?? generated}-title`;
  const bodyRef = useRef<HTMLDivElement>(null);
  let body: ReactNode;
  if (state.error && state.pending)
    body = <ErrorState message={state.error.message} onRetry={state.retry} />;
  else if (state.pending) body = <Skeleton height={height} />;
  else if (state.error) body = <ErrorState message={state.error.message} onRetry={state.retry} />;
  else if (state.empty) body = <EmptyState />;
  else
    body = <div className="panel-content">{view === 'table' && table ? table() : children()}</div>;
  return (
    <section
      className={className ? `panel ${className}` : 'panel'}
      aria-labelledby={headingId}
      id={id}
    >
      <header className="panel-header">
        <div>
          <h2 className="panel-title" id={headingId}>
            {title}
          </h2>
          {subtitle ? <p className="panel-subtitle">{subtitle}</p> : null}
        </div>
        <div className="panel-tools">
          {controls}
          {actions}
          <ExportMenu
            title={title}
            chartArea={bodyRef}
            slug={id ?? 'chart'}
            {...(exportTarget ? { target: exportTarget } : {})}
          />
          {table ? (
            <div className="segmented" role="group" aria-label={t('chart.viewToggle')}>
              <button
                type="button"
                className="btn btn-small"
                aria-pressed={view === 'chart'}
                onClick={() => setView('chart')}
              >
                {t('chart.viewChart')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                aria-pressed={view === 'table'}
                onClick={() => setView('table')}
              >
                {t('chart.viewTable')}
              </button>
            </div>
          ) : null}
        </div>
      </header>
      <div className="panel-body" aria-busy={state.fetching} ref={bodyRef}>
        {state.fetching ? <span className="panel-updating">{t('state.updating')}</span> : null}
        {body}
      </div>
    </section>
  );
}
