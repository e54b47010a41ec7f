import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useLocale } from '../lib/locale.ts';
import { Num } from './Num.tsx';
import { matchOptions, type FilterOption } from './filter-options.ts';

export interface MultiSelectProps {
  /** Field name («استان»); also names the search box. */
  label: string;
  options: readonly FilterOption[];
  selected: readonly string[];
  onChange: (codes: string[]) => void;
  /** A line under the search box (e.g. "limited to the chosen provinces"). */
  hint?: string;
  /** Test hook: `data-filter` on the trigger button. */
  filterKey?: string;
}

const LIMIT = 150;

/**
 * A multi-select as a disclosure: a button showing the count, and a popover with a Persian-aware
 * search box and checkboxes (grouped when options carry `group`). Escape or a click outside closes it.
 */
export function MultiSelect({
  label,
  options,
  selected,
  onChange,
  hint,
  filterKey,
}: MultiSelectProps) {
  const { t, fmt } = useLocale();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const popoverId = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  // Near the page's end edge the popover opens towards the start instead: spilling past the
  // viewport scrolled the page sideways, and the click that closed it then missed its target.
  useLayoutEffect(() => {
    const popover = popoverRef.current;
    if (!open || !popover) return;
    const box = popover.getBoundingClientRect();
    const spills = box.right > document.documentElement.clientWidth || box.left < 0;
    popover.classList.toggle('multi-select-popover-end', spills);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    searchRef.current?.focus();
    const onPointer = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    // On click, not pointerdown: closing shrinks the page, and a pointerdown close moved the
    // button under the pointer (e.g. the users page's Add) before its click could land.
    document.addEventListener('click', onPointer);
    return () => document.removeEventListener('click', onPointer);
  }, [open]);

  const { shown, more } = matchOptions(options, query, LIMIT);
  const toggle = (code: string) =>
    onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);

  return (
    <div
      className="multi-select"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={popoverId}
        data-filter={filterKey}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        {selected.length > 0 ? (
          <Num className="badge">{`(${fmt.number(selected.length)})`}</Num>
        ) : null}
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          ref={popoverRef}
          className="multi-select-popover"
          id={popoverId}
          role="group"
          aria-label={label}
        >
          <input
            ref={searchRef}
            type="search"
            value={query}
            placeholder={t('filters.searchPlaceholder')}
            aria-label={t('filters.search', { name: label })}
            onChange={(event) => setQuery(event.target.value)}
          />
          {hint ? <p className="multi-select-hint">{hint}</p> : null}
          <ul className="multi-select-options">
            {shown.map((o, i) => {
              const header = o.group && o.group !== shown[i - 1]?.group ? o.group : null;
              return (
                <li key={o.code}>
                  {header ? <div className="multi-select-group">{header}</div> : null}
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.includes(o.code)}
                      onChange={() => toggle(o.code)}
                      data-code={o.code}
                    />
                    <bdi>{o.label}</bdi>
                  </label>
                </li>
              );
            })}
          </ul>
          {shown.length === 0 ? <p className="multi-select-hint">{t('filters.noMatch')}</p> : null}
          {more > 0 ? (
            <p className="multi-select-hint">
              {t('filters.moreMatches', { count: fmt.number(more) })}
            </p>
          ) : null}
          <div className="filter-controls">
            {selected.length > 0 ? (
              <button type="button" className="btn btn-small" onClick={() => onChange([])}>
                {t('filters.clearList', { name: label })}
              </button>
            ) : null}
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
              {t('filters.close')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
