import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { PRESENTABLE_PATH, presentHref, savedQueryOf } from '../features/briefing/present-link.ts';
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

/**
 * "Save view" opens a modal dialog with a name field (centred, so it fits at 1024×768 wherever
 * the header wraps; Esc closes it). Saving stores path + query without display preferences.
 */
function SaveView({ path, params }: { path: string; params: URLSearchParams }) {
  const { t } = useLocale();
  const { create } = useViewMutations();
  const dialog = useRef<HTMLDialogElement>(null);
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
    <>
      <button
        type="button"
        className="btn"
        data-testid="save-view"
        onClick={() => {
          setStatus(null);
          dialog.current?.showModal();
        }}
      >
        {t('briefing.saveView')}
      </button>
      <dialog ref={dialog} className="save-view-dialog" aria-labelledby="save-view-title">
        <form className="save-view-form" onSubmit={submit}>
          <h2 id="save-view-title">{t('briefing.saveView')}</h2>
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
          </label>
          <div className="save-view-buttons">
            <button type="submit" className="btn primary" disabled={create.isPending}>
              {t('briefing.save')}
            </button>
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              {t('briefing.close')}
            </button>
          </div>
          {status ? (
            <p role="status" className="save-view-status">
              {status}
            </p>
          ) : null}
        </form>
      </dialog>
    </>
  );
}
