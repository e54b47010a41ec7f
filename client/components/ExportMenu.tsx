import { useRef, useState, type RefObject } from 'react';
import { exportTimeOf } from '../../server/domain/export-time.ts';
import { exportHref, type ExportTarget } from '../lib/export-url.ts';
import { sourceText } from '../lib/filter-caption.ts';
import { useLocale } from '../lib/locale.ts';
import { useDimensions } from '../lib/queries.ts';
import { useFilterCaption } from '../lib/use-caption.ts';
import { useCan } from '../lib/session.ts';
import { usePageFilters } from '../lib/use-page-filters.ts';

export interface ExportMenuProps {
  /** The panel title: the image's heading. */
  title: string;
  /** The data behind the panel; without it only images are offered. */
  target?: ExportTarget;
  /** The element holding the chart's `<svg>` (the panel body). */
  chartArea: RefObject<HTMLElement | null>;
  /** Stable name part for image files (the panel id). */
  slug: string;
}

/** The largest `<svg>` in the area: the chart, not a legend swatch or an icon. */
function chartSvgIn(area: HTMLElement | null): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  for (const svg of area?.querySelectorAll('svg') ?? []) {
    const box = svg.getBoundingClientRect();
    if (box.width * box.height > bestArea) {
      best = svg;
      bestArea = box.width * box.height;
    }
  }
  return bestArea >= 2500 ? best : null;
}

/**
 * A panel's Export menu: CSV and Excel of the data behind it (the export endpoints, same query and
 * filters as the chart), PNG and SVG images of its chart with the title and the active filters.
 */
export function ExportMenu(props: ExportMenuProps) {
  // Viewers only look: no downloads of any kind for them (issue #8; the server refuses too).
  return useCan('export') ? <ExportMenuBody {...props} /> : null;
}

function ExportMenuBody({ title, target, chartArea, slug }: ExportMenuProps) {
  const locale = useLocale();
  const { t, lang, digits, dir, fmt } = locale;
  const dataset = useDimensions().data?.dataset;
  // The raw lists are the page's population (what its KPI cards count), whatever the panel
  // leaves out to cross-filter (docs/metrics.md: a list is the population of its count).
  const { filters } = usePageFilters();
  const caption = useFilterCaption(target?.filters ?? filters);
  const details = useRef<HTMLDetailsElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => details.current?.removeAttribute('open');

  const saveImage = async (format: 'png' | 'svg') => {
    const svg = chartSvgIn(chartArea.current);
    if (!svg) {
      setError(t('export.noImage'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Loaded on first use: image making (font embedding, text measuring) stays off the
      // pages' first load (the overview's bundle budget).
      const {
        chartContext,
        chartSvgDocument,
        downloadBlob,
        imageDataNote,
        imageFileName,
        imageSubtitle,
        svgToPng,
      } = await import('../lib/chart-image.ts');
      const context = chartContext(chartArea.current ?? document.body, svg);
      const dataNote = imageDataNote(
        dataset?.asOf ? t('briefing.asOf', { date: fmt.date(dataset.asOf) }) : '',
        dataset?.source ? sourceText(dataset.source, lang) : '',
        dataset?.synthetic ? t('briefing.synthetic') : '',
      );
      const image = await chartSvgDocument(svg, {
        title,
        subtitle: imageSubtitle(
          title,
          context.name,
          context.unit ? t('image.unit', { unit: context.unit }) : null,
        ),
        legend: context.legend,
        caption,
        dataNote,
        dir,
      });
      const blob =
        format === 'svg' ? new Blob([image], { type: 'image/svg+xml' }) : await svgToPng(image);
      downloadBlob(blob, imageFileName(slug, exportTimeOf(new Date()).jalaliDate, format));
      close();
    } catch {
      setError(t('export.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="export-menu" ref={details} style={{ position: 'relative' }}>
      <summary className="btn btn-small" aria-label={t('export.label', { title })}>
        {t('export.menu')}
      </summary>
      <div
        className="export-menu-list"
        style={{
          position: 'absolute',
          insetInlineEnd: 0,
          zIndex: 20,
          display: 'grid',
          gap: '0.25rem',
          minInlineSize: '11rem',
          padding: '0.5rem',
          background: 'var(--surface)',
          border: '1px solid var(--border)',
          borderRadius: '0.5rem',
          boxShadow: '0 4px 16px rgb(0 0 0 / 0.15)',
        }}
      >
        {target ? (
          <>
            <a
              className="btn btn-small"
              href={exportHref(target, 'csv', lang, digits)}
              download
              data-export="csv"
              onClick={close}
            >
              {t('export.csv')}
            </a>
            <a
              className="btn btn-small"
              href={exportHref(target, 'xlsx', lang, digits)}
              download
              data-export="xlsx"
              onClick={close}
            >
              {t('export.xlsx')}
            </a>
          </>
        ) : null}
        <button
          type="button"
          className="btn btn-small"
          data-export="png"
          disabled={busy}
          onClick={() => void saveImage('png')}
        >
          {t('export.png')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-export="svg"
          disabled={busy}
          onClick={() => void saveImage('svg')}
        >
          {t('export.svg')}
        </button>
        <span className="hint" style={{ margin: 0 }}>
          {t('export.lists')}
        </span>
        <a
          className="btn btn-small"
          href={exportHref({ view: 'units', filters }, 'csv', lang, digits)}
          download
          data-export="units-csv"
          onClick={close}
        >
          {t('export.unitsList')}
        </a>
        <a
          className="btn btn-small"
          href={exportHref({ view: 'grants', filters }, 'csv', lang, digits)}
          download
          data-export="grants-csv"
          onClick={close}
        >
          {t('export.grantsList')}
        </a>
        {error ? (
          <p role="alert" className="hint" style={{ margin: 0 }}>
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
