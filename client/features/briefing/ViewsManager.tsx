import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { NAV_ITEMS } from '../../components/nav-items.ts';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { pageFilters } from '../../lib/page-filters.ts';
import { carriedParams, hrefOf, readFilters } from '../../lib/url-state.ts';
import { pageHref, presentHref } from './deck.ts';
import { useFilterCaption } from '../../lib/use-caption.ts';
import {
  useDecks,
  useSavedViews,
  useViewMutations,
  type Deck,
  type SavedView,
} from './use-saved-views.ts';
import './briefing.css';

/** `/briefing` without a page: saved views (rename, reorder, delete) and decks made of them. */
export function ViewsManager() {
  const { t } = useLocale();
  const [params] = useSearchParams();
  const views = useSavedViews();
  const decks = useDecks();
  const mutations = useViewMutations();
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [deckName, setDeckName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const failed = (error: { message: string }) =>
    setMessage(t('briefing.actionFailed', { message: error.message }));

  const list = views.data ?? [];
  const move = (from: number, to: number) => {
    const ids = list.map((v) => v.id);
    const [id] = ids.splice(from, 1);
    if (id === undefined) return;
    ids.splice(to, 0, id);
    mutations.reorder.mutate({ ids }, { onError: failed });
  };
  const createDeck = (event: FormEvent) => {
    event.preventDefault();
    const viewIds = list.filter((v) => chosen.has(v.id)).map((v) => v.id);
    if (viewIds.length === 0) return setMessage(t('briefing.chooseViews'));
    mutations.createDeck.mutate(
      { name: deckName, viewIds },
      {
        onSuccess: () => {
          setDeckName('');
          setChosen(new Set());
          setMessage(null);
        },
        onError: failed,
      },
    );
  };

  return (
    <main className="projector briefing-manager" id="main">
      <p>
        <Link to={hrefOf('/', carriedParams(params))}>{t('app.name')}</Link>
      </p>
      <h1>{t('briefing.manage')}</h1>
      <p>{t('briefing.intro')}</p>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}

      <section aria-labelledby="views-title">
        <h2 id="views-title">{t('briefing.views')}</h2>
        {views.error ? (
          <ErrorState message={views.error.message} onRetry={() => void views.refetch()} />
        ) : views.isPending ? (
          <Skeleton height={120} />
        ) : list.length === 0 ? (
          <p>{t('briefing.noViews')}</p>
        ) : (
          <ol className="saved-views">
            {list.map((view, i) => (
              <ViewRow
                key={view.id}
                view={view}
                first={i === 0}
                last={i === list.length - 1}
                included={chosen.has(view.id)}
                onInclude={(on) => {
                  const next = new Set(chosen);
                  if (on) next.add(view.id);
                  else next.delete(view.id);
                  setChosen(next);
                }}
                onMove={(delta) => move(i, i + delta)}
                onRename={(name) =>
                  mutations.rename.mutate({ id: view.id, name }, { onError: failed })
                }
                onDelete={() => mutations.remove.mutate({ id: view.id }, { onError: failed })}
              />
            ))}
          </ol>
        )}
        {list.length > 0 ? (
          <form className="deck-form" onSubmit={createDeck}>
            <h3>{t('briefing.newDeck')}</h3>
            <label>
              {t('briefing.deckName')}{' '}
              <input
                className="input"
                name="deck-name"
                required
                maxLength={120}
                value={deckName}
                onChange={(e) => setDeckName(e.target.value)}
              />
            </label>{' '}
            <button type="submit" className="btn primary" disabled={mutations.createDeck.isPending}>
              {t('briefing.createDeck')}
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="decks-title">
        <h2 id="decks-title">{t('briefing.decks')}</h2>
        {decks.error ? (
          <ErrorState message={decks.error.message} onRetry={() => void decks.refetch()} />
        ) : decks.isPending ? (
          <Skeleton height={80} />
        ) : decks.data.length === 0 ? (
          <p>{t('briefing.noDecks')}</p>
        ) : (
          <ul className="decks">
            {decks.data.map((deck) => (
              <DeckRow
                key={deck.id}
                deck={deck}
                onRename={(name) =>
                  mutations.updateDeck.mutate({ id: deck.id, name }, { onError: failed })
                }
                onDelete={() => mutations.removeDeck.mutate({ id: deck.id }, { onError: failed })}
              />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

/** Inline rename: a text field replacing the name until saved or cancelled (Esc). */
function RenameForm({
  name,
  onRename,
  onDone,
}: {
  name: string;
  onRename: (name: string) => void;
  onDone: () => void;
}) {
  const { t } = useLocale();
  const [value, setValue] = useState(name);
  return (
    <form
      className="rename-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) onRename(value.trim());
        onDone();
      }}
    >
      <input
        className="input"
        aria-label={t('briefing.renameLabel', { name })}
        required
        maxLength={120}
        value={value}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone();
        }}
      />{' '}
      <button type="submit" className="btn btn-small">
        {t('briefing.save')}
      </button>
    </form>
  );
}

function ViewRow({
  view,
  first,
  last,
  included,
  onInclude,
  onMove,
  onRename,
  onDelete,
}: {
  view: SavedView;
  first: boolean;
  last: boolean;
  included: boolean;
  onInclude: (on: boolean) => void;
  onMove: (delta: number) => void;
  onRename: (name: string) => void;
  onDelete: () => void;
}) {
  const { t } = useLocale();
  const [params] = useSearchParams();
  const [renaming, setRenaming] = useState(false);
  const source = { path: view.path, query: view.query };
  const page = NAV_ITEMS.find((item) => item.path === view.path);
  const filters = pageFilters(view.path, readFilters(new URLSearchParams(view.query)).filters);
  const caption = useFilterCaption(filters);
  const preferences = carriedParams(params);
  return (
    <li className="saved-view" data-view-id={view.id}>
      <label className="saved-view-include">
        <input
          type="checkbox"
          checked={included}
          onChange={(e) => onInclude(e.target.checked)}
          aria-label={t('briefing.include', { name: view.name })}
        />
      </label>
      <div className="saved-view-text">
        {renaming ? (
          <RenameForm name={view.name} onRename={onRename} onDone={() => setRenaming(false)} />
        ) : (
          <strong className="saved-view-name">{view.name}</strong>
        )}
        <p className="saved-view-caption">
          {page ? t(page.label) : <bdi dir="ltr">{view.path}</bdi>} · {caption}
        </p>
        {view.filterError ? (
          <p className="notice" dir="auto">
            {t('briefing.invalidFilters', { message: view.filterError })}
          </p>
        ) : null}
      </div>
      <div className="saved-view-actions">
        <Link className="btn btn-small" to={pageHref(source, preferences)}>
          {t('briefing.openPage')}
        </Link>
        <Link
          className="btn btn-small"
          to={presentHref(view.path, withPreferences(view.query, preferences))}
        >
          {t('briefing.present')}
        </Link>
        <button type="button" className="btn btn-small" onClick={() => setRenaming(true)}>
          {t('briefing.rename')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('briefing.moveUp', { name: view.name })}
          disabled={first}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('briefing.moveDown', { name: view.name })}
          disabled={last}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('briefing.deleteLabel', { name: view.name })}
          onClick={onDelete}
        >
          {t('briefing.delete')}
        </button>
      </div>
    </li>
  );
}

function DeckRow({
  deck,
  onRename,
  onDelete,
}: {
  deck: Deck;
  onRename: (name: string) => void;
  onDelete: () => void;
}) {
  const { t, fmt } = useLocale();
  const [params] = useSearchParams();
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="deck" data-deck-id={deck.id}>
      {renaming ? (
        <RenameForm name={deck.name} onRename={onRename} onDone={() => setRenaming(false)} />
      ) : (
        <strong>{deck.name}</strong>
      )}{' '}
      <span>{t('briefing.deckViews', { count: fmt.number(deck.viewIds.length) })}</span>
      <div className="saved-view-actions">
        <Link
          className="btn btn-small primary"
          to={hrefOf(`/briefing/deck/${deck.id}`, carriedParams(params))}
        >
          {t('briefing.openDeck', { name: deck.name })}
        </Link>
        <button type="button" className="btn btn-small" onClick={() => setRenaming(true)}>
          {t('briefing.rename')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('briefing.deleteLabel', { name: deck.name })}
          onClick={onDelete}
        >
          {t('briefing.delete')}
        </button>
      </div>
    </li>
  );
}

/** A saved query plus the viewer's language and digit preferences. */
function withPreferences(query: string, preferences: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(query);
  for (const [key, value] of preferences) {
    if (key === 'lang' || key === 'digits') params.set(key, value);
  }
  return params;
}
