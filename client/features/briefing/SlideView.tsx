import { useLocale } from '../../lib/locale.ts';
import { useDimensions } from '../../lib/queries.ts';
import { sourceText } from '../../lib/filter-caption.ts';
import { useFilterCaption } from '../../lib/use-caption.ts';
import { BreakdownSlide } from './BreakdownSlide.tsx';
import type { DeckSlide } from './deck.ts';
import { KpiSlide } from './KpiSlide.tsx';
import { ClusterSectorsSlide } from './ClusterSectorsSlide.tsx';
import { ImpactSlide } from './ImpactSlide.tsx';
import { slideFilters, slideId } from './slides.ts';
import { slideTitle } from './slide-title.ts';
import { TrendSlide } from './TrendSlide.tsx';
import { MessagesSlide } from './MessagesSlide.tsx';

export interface SlideViewProps {
  slide: DeckSlide;
  index: number;
  count: number;
  /** The slide on screen; the others stay laid out (charts keep their size) but hidden and inert. */
  active: boolean;
}

/**
 * One slide: title, the chart or KPI set, and the context every slide carries (the active
 * filters, the data's date in Jalali, its source, the synthetic-data mark, the slide number).
 */
export function SlideView({ slide, index, count, active }: SlideViewProps) {
  const { t, fmt } = useLocale();
  const dimensions = useDimensions();
  const dataset = dimensions.data?.dataset;
  const title = slideTitle(slide.spec, t);
  const caption = useFilterCaption(slide.filters);
  const counter = t('briefing.counter', { n: fmt.number(index + 1), count: fmt.number(count) });
  const { spec } = slide;
  return (
    <section
      className={active ? 'slide slide-active' : 'slide'}
      aria-roledescription="slide"
      aria-label={`${counter}: ${title}`}
      data-slide={slideId(spec)}
      inert={!active}
    >
      <header className="slide-header">
        <h2 className="slide-title">{title}</h2>
        {slide.viewName ? (
          <p className="slide-view">{t('briefing.fromView', { name: slide.viewName })}</p>
        ) : null}
      </header>
      <div className="slide-body">
        {spec.kind === 'messages' ? (
          <MessagesSlide filters={slide.filters} />
        ) : spec.kind === 'kpis' ? (
          <KpiSlide filters={slide.filters} />
        ) : spec.kind === 'trend' ? (
          <TrendSlide filters={slide.filters} metrics={spec.metrics} />
        ) : spec.kind === 'clusterSectors' ? (
          <ClusterSectorsSlide filters={slide.filters} metric={spec.metric} />
        ) : spec.kind === 'impact' ? (
          <ImpactSlide filters={slide.filters} />
        ) : (
          <BreakdownSlide
            filters={slideFilters(spec, slide.filters)}
            by={spec.by}
            metric={spec.metric}
            chart={spec.chart}
          />
        )}
      </div>
      <footer className="slide-context">
        <p className="slide-caption" data-testid="slide-filters">
          {t('briefing.filtersCaption', { filters: caption })}
        </p>
        {slide.filterError ? (
          <p className="slide-caption" dir="auto">
            {t('briefing.invalidFilters', { message: slide.filterError })}
          </p>
        ) : null}
        <p className="slide-meta">
          {dataset?.asOf ? (
            <span data-testid="slide-date">
              {t('briefing.asOf', { date: fmt.date(dataset.asOf) })}
            </span>
          ) : null}
          {dataset?.source ? (
            <span>
              <bdi>
                {t('briefing.source', { source: sourceText(dataset.source, fmt.locale.lang) })}
              </bdi>
            </span>
          ) : null}
          {dataset?.synthetic ? (
            <strong className="synthetic-mark" data-testid="synthetic-mark">
              {t('briefing.synthetic')}
            </strong>
          ) : null}
          <span className="slide-number">{counter}</span>
        </p>
      </footer>
    </section>
  );
}
