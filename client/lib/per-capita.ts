import { PROVINCES } from '../../server/domain/reference.ts';
import type { ChartRow } from '../components/charts/chart-config.ts';

const POPULATION = new Map(PROVINCES.map((p) => [p.code, p.population2016]));

/** Value per 100,000 inhabitants of a province (2016 census); null without a value or population. */
export function perCapitaValue(code: string, value: number | null | undefined): number | null {
  const population = POPULATION.get(code);
  if (typeof value !== 'number' || !Number.isFinite(value) || !population) return null;
  return (value / population) * 100_000;
}

/** Adds `${series}PerCapita` to province rows keyed by ISO code (null for unknown provinces). */
export function withPerCapita(rows: ChartRow[], series: string): ChartRow[] {
  return rows.map((row) => {
    const value = row[series];
    return {
      ...row,
      [`${series}PerCapita`]: perCapitaValue(row.key, typeof value === 'number' ? value : null),
    };
  });
}
