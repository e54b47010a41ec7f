import { useMemo, useState } from 'react';
import { PROVINCES } from '../../server/domain/reference.ts';
import type { ValueKind } from '../lib/format.ts';
import { useLocale } from '../lib/locale.ts';
import { perCapitaValue } from '../lib/per-capita.ts';
import { classColor, classOf, legendOf, sequentialScale } from '../lib/scales.ts';
import { Num } from './Num.tsx';
import { MAP_HEIGHT, MAP_WIDTH, useProvinceShapes } from './province-map-geometry.ts';
import { ErrorState } from './states.tsx';

export interface ProvinceMapProps {
  /** Raw metric value per province ISO code (missing = no data). */
  values: Readonly<Record<string, number | null | undefined>>;
  /** Kind of the raw values (per-capita values of counts become rates). */
  kind: ValueKind;
  /** Show values per 100k inhabitants (2016 census). */
  perCapita: boolean;
  /** When given, a Count / Per capita toggle is shown (hidden for ratios, which are already relative). */
  onPerCapitaChange?: (perCapita: boolean) => void;
  /** Click or Enter on a province: cross-filter (or drill). */
  onSelect?: (code: string) => void;
  /** Provinces currently in the filter: outlined. */
  selected?: readonly string[];
  /** Accessible name of the whole map: what it shows. */
  ariaLabel: string;
}

/**
 * Choropleth of the 31 provinces (d3-geo Mercator over data/iran-provinces.topo.json, projected at
 * build time: province-map-projection.ts) in sequential quantile classes with a legend. Each province is a focusable button whose accessible name holds
 * its value; hover and focus show the value in a read-out, click/Enter selects.
 */
export function ProvinceMap({
  values,
  kind,
  perCapita,
  onPerCapitaChange,
  onSelect,
  selected = [],
  ariaLabel,
}: ProvinceMapProps) {
  const { fmt, t, name } = useLocale();
  const [hovered, setHovered] = useState<string | null>(null);
  const geometry = useProvinceShapes();
  const shapes = geometry.data ?? [];
  const relative = perCapita && kind !== 'ratio';
  const shownKind: ValueKind = relative && kind !== 'money' ? 'rate' : kind;
  const shown = useMemo(() => {
    const out = new Map<string, number | null>();
    for (const p of PROVINCES) {
      const raw = values[p.code];
      out.set(
        p.code,
        relative ? perCapitaValue(p.code, raw) : typeof raw === 'number' ? raw : null,
      );
    }
    return out;
  }, [values, relative]);
  const scale = useMemo(() => sequentialScale([...shown.values()]), [shown]);
  const legend = legendOf(scale);
  // One unit for the whole colour scale, named once at its head.
  const legendAxis = fmt.axis(
    shownKind,
    legend.flatMap((e) => [e.from, e.to]),
  );
  const provinceName = (code: string) => {
    const ref = PROVINCES.find((p) => p.code === code);
    return ref ? name(ref) : code;
  };
  const label = (code: string) =>
    t('map.provinceValue', {
      name: provinceName(code),
      value: fmt.value(shownKind, shown.get(code)),
    });

  return (
    <div className="province-map">
      {onPerCapitaChange && kind !== 'ratio' ? (
        <div className="segmented" role="group" aria-label={t('map.scale')}>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={!perCapita}
            onClick={() => onPerCapitaChange(false)}
          >
            {t('map.raw')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={perCapita}
            onClick={() => onPerCapitaChange(true)}
          >
            {t('map.perCapita')}
          </button>
        </div>
      ) : null}
      {geometry.isError ? (
        <ErrorState message={geometry.error.message} onRetry={() => void geometry.refetch()} />
      ) : null}
      {/* Empty until the outlines arrive: the canvas keeps its size, so nothing jumps. */}
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        role="group"
        aria-label={ariaLabel}
        aria-busy={geometry.isPending}
      >
        {shapes.map((shape) => {
          const value = shown.get(shape.code);
          const isSelected = selected.includes(shape.code);
          return (
            <path
              key={shape.code}
              d={shape.d}
              data-code={shape.code}
              fill={classColor(classOf(scale, value))}
              role={onSelect ? 'button' : 'img'}
              tabIndex={0}
              aria-label={label(shape.code)}
              aria-pressed={onSelect ? isSelected : undefined}
              onMouseEnter={() => setHovered(shape.code)}
              onMouseLeave={() => setHovered((h) => (h === shape.code ? null : h))}
              onFocus={() => setHovered(shape.code)}
              onBlur={() => setHovered((h) => (h === shape.code ? null : h))}
              onClick={onSelect ? () => onSelect(shape.code) : undefined}
              onKeyDown={
                onSelect
                  ? (event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        onSelect(shape.code);
                      }
                    }
                  : undefined
              }
            >
              <title>{label(shape.code)}</title>
            </path>
          );
        })}
      </svg>
      <div className="map-readout" aria-live="polite">
        {hovered ? <bdi>{label(hovered)}</bdi> : null}
      </div>
      <ul className="map-legend" aria-label={t('map.legend')}>
        {legendAxis.unit ? <li className="map-legend-unit">{legendAxis.unit}</li> : null}
        {legend.map((entry) => (
          <li key={`${entry.from}-${entry.to}`}>
            <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
            <Num>{fmt.span(legendAxis.tick(entry.from), legendAxis.tick(entry.to))}</Num>
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: classColor(0) }} aria-hidden="true" />
          {t('map.noData')}
        </li>
      </ul>
      {onSelect ? <p className="hint">{t('map.hint')}</p> : null}
    </div>
  );
}
