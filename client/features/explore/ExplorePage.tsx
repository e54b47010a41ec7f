import { useSearchParams } from 'react-router';
import { useLocale } from '../../lib/locale.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { readExploreChoice, withExploreChoice, type ExploreChoice } from './chart-choices.ts';
import { ExploreControls } from './ExploreControls.tsx';
import { ExplorePanels } from './ExplorePanels.tsx';

/**
 * `/explore`: any dimension (or a pair), any metric, the chart types that fit, with the table
 * beside the chart. Everything is in the URL (`by`, `by2`, `metric`, `chart`, `capita`), so the
 * view is a shareable link.
 */
export function ExplorePage() {
  const { t } = useLocale();
  const { filters } = useViewState();
  const [params, setParams] = useSearchParams();
  const choice = readExploreChoice(params);
  // From the address bar, not from this render's params: React Router's functional update sees
  // the params of the last render, so two quick changes would otherwise undo each other.
  const change = (patch: Partial<ExploreChoice>) =>
    setParams(withExploreChoice(new URLSearchParams(window.location.search), patch));
  return (
    <>
      <h1 className="page-title">{t('explore.title')}</h1>
      <ExploreControls choice={choice} onChange={change} />
      <ExplorePanels choice={choice} filters={filters} />
    </>
  );
}
