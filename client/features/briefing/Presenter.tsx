import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useLocale } from '../../lib/locale.ts';
import { withParam } from '../../lib/url-state.ts';
import type { DeckSlide } from './deck.ts';
import { AUTO_INTERVALS, autoInterval, jumpTarget, keyAction } from './keys.ts';
import { SlideView } from './SlideView.tsx';
import { useFullscreen } from './use-fullscreen.ts';
import './briefing.css';

export interface PresenterProps {
  /** The deck or page being presented (the window title). */
  title: string;
  slides: DeckSlide[];
  /** Where Esc leaves to (the page presented, or the list of decks). */
  exitHref: string;
}

const DEFAULT_AUTO = 15;

/** The 0-based slide a `slide=` parameter (1-based) asks for; the presenter clamps it to the deck. */
function slideParamIndex(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

/**
 * The slide show, driven entirely by the keyboard (keys.ts), in the projector theme. The slide
 * number (`slide=`, 1-based) and auto-advance interval (`auto=` seconds) live in the URL, so a
 * reload or a shared link resumes where the presenter was. Every slide stays rendered: the handout
 * (print) shows them all, one per landscape page.
 */
export function Presenter({ title, slides, exitHref }: PresenterProps) {
  const { t, fmt, dir } = useLocale();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const root = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(root);
  const count = slides.length;
  // The slide is React state (functional updates: key presses faster than a render all count),
  // mirrored into the URL below; the URL only seeds it.
  const [wanted, setWanted] = useState(() => slideParamIndex(params.get('slide')));
  const index = Math.min(wanted, Math.max(count - 1, 0));
  // The typed slide number: a ref for the key handler, state for the counter's display.
  const typedRef = useRef('');
  const [typed, setTypedState] = useState('');
  const setTyped = useCallback((value: string) => {
    typedRef.current = value;
    setTypedState(value);
  }, []);
  const auto = autoInterval(params.get('auto'));

  const move = useCallback(
    (to: (current: number) => number) =>
      setWanted((current) => {
        const from = Math.min(current, Math.max(count - 1, 0));
        return Math.min(Math.max(to(from), 0), Math.max(count - 1, 0));
      }),
    [count],
  );
  useEffect(() => {
    setParams((current) => withParam(current, 'slide', index === 0 ? null : String(index + 1)), {
      replace: true,
    });
  }, [index, setParams]);
  const setAuto = useCallback(
    (seconds: number | null) =>
      setParams(
        (current) => withParam(current, 'auto', seconds === null ? null : String(seconds)),
        {
          replace: true,
        },
      ),
    [setParams],
  );

  useEffect(() => {
    document.title = `${title} — ${t('briefing.title')}`;
  }, [title, t]);

  // Auto-advance: one step per interval, stopping on the last slide.
  useEffect(() => {
    if (auto === null) return;
    if (index >= count - 1) {
      setAuto(null);
      return;
    }
    const timer = window.setTimeout(() => move((i) => i + 1), auto * 1000);
    return () => window.clearTimeout(timer);
  }, [auto, index, count, move, setAuto]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      // Form fields keep their keys, buttons and links their Space and Enter; Esc always leaves.
      if (target?.closest('input, select, textarea') && event.key !== 'Escape') return;
      if (target?.closest('button, a') && (event.key === ' ' || event.key === 'Enter')) return;
      const action = keyAction(event, dir);
      if (!action) return;
      event.preventDefault();
      switch (action.type) {
        case 'next':
          return move((i) => i + 1);
        case 'previous':
          return move((i) => i - 1);
        case 'first':
          return move(() => 0);
        case 'last':
          return move(() => count - 1);
        case 'fullscreen':
          return fullscreen.toggle();
        case 'auto':
          return setAuto(auto === null ? DEFAULT_AUTO : null);
        case 'print':
          return window.print();
        case 'digit':
          return setTyped((typedRef.current + action.digit).slice(-4));
        case 'erase':
          return setTyped(typedRef.current.slice(0, -1));
        case 'jump': {
          const targetIndex = jumpTarget(typedRef.current, count);
          setTyped('');
          if (targetIndex !== null) move(() => targetIndex);
          return;
        }
        case 'exit':
          if (typedRef.current) return setTyped('');
          if (document.fullscreenElement) return void document.exitFullscreen();
          return void navigate(exitHref);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dir, move, count, fullscreen, auto, setAuto, setTyped, navigate, exitHref]);

  const counter = t('briefing.counter', {
    n: fmt.number(count === 0 ? 0 : index + 1),
    count: fmt.number(count),
  });
  return (
    <div className="projector presenter" ref={root} data-fullscreen={fullscreen.active}>
      <h1 className="visually-hidden">{title}</h1>
      {count === 0 ? (
        <p className="presenter-empty">{t('briefing.empty')}</p>
      ) : (
        <div className="slides">
          {slides.map((slide, i) => (
            <SlideView key={slide.key} slide={slide} index={i} count={count} active={i === index} />
          ))}
        </div>
      )}
      <nav className="presenter-toolbar" aria-label={t('briefing.title')}>
        <button
          type="button"
          className="btn"
          onClick={() => move((i) => i - 1)}
          disabled={index === 0}
        >
          {t('briefing.previous')}
        </button>
        <span className="presenter-counter" data-testid="slide-counter" aria-live="polite">
          {typed ? t('briefing.jumpTo', { n: fmt.number(Number(typed)) }) : counter}
        </span>
        <button
          type="button"
          className="btn"
          onClick={() => move((i) => i + 1)}
          disabled={index >= count - 1}
        >
          {t('briefing.next')}
        </button>
        <label className="presenter-auto">
          {t('briefing.auto')}{' '}
          <select
            className="select"
            value={auto ?? ''}
            onChange={(e) => setAuto(autoInterval(e.target.value))}
          >
            <option value="">{t('briefing.autoOff')}</option>
            {AUTO_INTERVALS.map((s) => (
              <option key={s} value={s}>
                {t('briefing.autoEvery', { seconds: fmt.number(s) })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          aria-pressed={fullscreen.active}
          onClick={fullscreen.toggle}
        >
          {t('briefing.fullscreen')}
        </button>
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('briefing.print')}
        </button>
        <a
          className="btn"
          href={exitHref}
          onClick={(event) => {
            event.preventDefault();
            void navigate(exitHref);
          }}
        >
          {t('briefing.exit')}
        </a>
        <p className="presenter-keys">{t('briefing.keysHelp')}</p>
      </nav>
    </div>
  );
}
