import type { Translate } from '../../i18n/index.ts';
import type { SlideSpec } from './slides.ts';

/** A slide's title in the UI language: «واحدهای تولیدی بر حسب استان». */
export function slideTitle(spec: SlideSpec, t: Translate): string {
  switch (spec.kind) {
    case 'kpis':
      return t('briefing.keyFigures');
    case 'trend':
      return t('briefing.trendTitle', {
        metrics: spec.metrics.map((m) => t(`metric.${m}`)).join(t('chart.and')),
      });
    case 'breakdown':
      return t('briefing.byTitle', {
        metric: t(`metric.${spec.metric}`),
        dimension: t(`dimensionInText.${spec.by}`),
      });
    case 'clusterSectors':
      return t('clusters.bySector');
    case 'impact':
      return t('impact.result');
    case 'messages':
      return t('briefing.keyMessages');
  }
}
