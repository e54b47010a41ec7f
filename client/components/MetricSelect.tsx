import { useId } from 'react';
import type { Metric } from '../../server/domain/metrics.ts';
import { useLocale } from '../lib/locale.ts';

export interface MetricSelectProps {
  value: Metric;
  options: readonly Metric[];
  onChange: (metric: Metric) => void;
  /** Visible label («شاخص»). */
  label: string;
}

/** A labelled metric picker for panel headers. */
export function MetricSelect({ value, options, onChange, label }: MetricSelectProps) {
  const { t } = useLocale();
  const id = useId();
  return (
    <span className="year-range">
      <label htmlFor={id} className="hint">
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value as Metric)}
      >
        {options.map((m) => (
          <option key={m} value={m}>
            {t(`metric.${m}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
