import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useDimensions, useImpact } from '../../lib/queries.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { ImpactCategoriesPanel } from './ImpactCategoriesPanel.tsx';
import { ImpactExplanation } from './ImpactExplanation.tsx';
import { ImpactGroups } from './ImpactGroups.tsx';
import './impact.css';

/**
 * `/impact`: employment change of supported units against comparable unsupported units
 * (stats.impact), for the current filters (a heading or category selects the programme), the
 * method in plain words, a caution, and the same comparison per support category.
 */
export function ImpactPage() {
  const { t } = useLocale();
  const { filters } = useViewState();
  const dimensions = useDimensions();
  const query = useImpact(filters);
  const impact = query.data;
  return (
    <>
      <h1 className="page-title">{t('impact.title')}</h1>
      <p className="notice impact-caution" role="note">
        {t('impact.caution')}
      </p>
      <div className="grid">
        <Panel
          title={t('impact.result')}
          id="impact-result"
          exportTarget={{ view: 'impact', filters }}
          className="grid-wide"
          state={panelStateOf(query, false)}
          height={220}
        >
          {() => (impact ? <ImpactGroups impact={impact} filters={filters} /> : null)}
        </Panel>
        <Panel
          title={t('impact.method')}
          id="impact-method"
          state={panelStateOf(query, false)}
          height={220}
        >
          {() => (impact ? <ImpactExplanation impact={impact} /> : null)}
        </Panel>
        <ImpactCategoriesPanel
          filters={filters}
          categories={dimensions.data?.categories ?? []}
          headings={dimensions.data?.headings ?? []}
        />
      </div>
    </>
  );
}
