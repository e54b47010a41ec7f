import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { presentHref, savedQueryOf } from '../features/briefing/deck.ts';
import { PRESENTABLE_PATH } from '../features/briefing/slides.ts';
import { useViewMutations } from '../features/briefing/use-saved-views.ts';
import { useLocale } from '../lib/locale.ts';
import { carriedParams, hrefOf } from '../lib/url-state.ts';
import '../features/briefing/present.css';

/**
 * The page header's briefing actions: "Present" opens this page's panels as slides with its
 * current filters (`/briefing?from-page=…`), "Save view" stores the page state under a name.
 * Shown on every page that can be presented.
 */
export function PresentButton() {
  const { t } = useLocale();
  const location = useLocation();
  const [params] = useSearchParams();
  if (!PRESENTABLE_PATH.test(location.pathname)) return null;
  return (
    <div className="present-actions">
      <Link
        className="btn primary"
        to={presentHref(location.pathname, params)}
        title={t('briefing.presentLabel')}
        data-testid="present"
      >
        {t('briefing.present')}
      </Link>
      <SaveView path={location.pathname} params={params} />
      <Link className="btn" to={hrefOf('/briefing', carriedParams(params))}>
        {t('briefing.views')}
      </Link>
    </div>
  );
}

/** A disclosure with a name field; saving stores path + query (without display preferences). */
function SaveView({ path, params }: { path: string; params: URLSearchParams }) {
  const { t } = useLocale();
  const { create } = useViewMutations();
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    create.mutate(
      { name: trimmed, path, query: savedQueryOf(params) },
      {
        onSuccess: (view) => {
          setStatus(t('briefing.saved', { name: view.name }));
          setName('');
        },
        onError: (error) => setStatus(t('briefing.saveFailed', { message: error.message })),
      },
    );
  };
  return (
    <details className="save-view">
      <summary className="btn">{t('briefing.saveView')}</summary>
      <form className="save-view-form" onSubmit={submit}>
        <label>
          {t('briefing.viewName')}{' '}
          <input
            className="input"
            name="view-name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>{' '}
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {t('briefing.save')}
        </button>
        {status ? (
          <p role="status" className="save-view-status">
            {status}
          </p>
        ) : null}
      </form>
    </details>
  );
}
