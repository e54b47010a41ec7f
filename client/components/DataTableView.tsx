import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { collator } from '../lib/collation.ts';
import { useLocale } from '../lib/locale.ts';
import { Num } from './Num.tsx';
import { exactKey, type ChartConfig, type ChartRow } from './charts/chart-config.ts';

export interface DataTableProps {
  rows: ChartRow[];
  /** The same config as the chart: one numeric column per series. */
  config: ChartConfig;
  /** Header of the label column («استان», "Heading"…). */
  labelHeader: string;
  /** Accessible caption (normally the chart's aria-label). */
  caption: string;
  /** Row click / Enter: cross-filter or drill; the label becomes a button. */
  onSelect?: (row: ChartRow) => void;
  /** Initial sort: a series key, descending. Default: row order as given. */
  initialSort?: string;
  /** Show money exactly in rials (default) or compact. */
  exactMoney?: boolean;
  /**
   * Text columns between the label and the numbers (province, sector, evidence…), read from
   * `row[key]`; `render` may decorate the text (a badge). Sortable like the others.
   */
  textColumns?: readonly TextColumn[];
}

export interface TextColumn {
  key: string;
  header: string;
  render?: (row: ChartRow) => ReactNode;
}

const helper = createColumnHelper<ChartRow>();

/**
 * The table view of a chart (TanStack Table; loaded lazily through DataTable.tsx): the same rows and config, sortable by any column.
 * Money shows the exact rial amount from the decimal string.
 */
export function DataTableView({
  rows,
  config,
  labelHeader,
  caption,
  onSelect,
  initialSort,
  exactMoney = true,
  textColumns,
}: DataTableProps) {
  const { fmt, t, lang } = useLocale();
  const [sorting, setSorting] = useState<SortingState>(
    initialSort ? [{ id: initialSort, desc: true }] : [],
  );
  const columns = useMemo(() => {
    // Text sorts alphabetically in the UI language (issue #14): TanStack's default compares code
    // points, which puts «کرمان» after «مرکزی» in Persian.
    const names = collator(lang);
    const byName = (a: Row<ChartRow>, b: Row<ChartRow>, id: string) =>
      names.compare(String(a.getValue(id) ?? ''), String(b.getValue(id) ?? ''));
    return [
      helper.accessor('label', {
        header: labelHeader,
        sortingFn: byName,
        cell: (info) =>
          onSelect ? (
            <button
              type="button"
              className="row-link"
              onClick={(event) => {
                // The row handles the click too; select once.
                event.stopPropagation();
                onSelect(info.row.original);
              }}
            >
              <bdi>{info.getValue()}</bdi>
            </button>
          ) : (
            <bdi>{info.getValue()}</bdi>
          ),
      }),
      ...(textColumns ?? []).map((column) =>
        helper.accessor((row) => (typeof row[column.key] === 'string' ? row[column.key] : ''), {
          id: column.key,
          header: column.header,
          sortingFn: byName,
          cell: (info) =>
            column.render ? column.render(info.row.original) : <bdi>{String(info.getValue())}</bdi>,
        }),
      ),
      ...Object.entries(config).map(([key, def]) =>
        helper.accessor((row) => (typeof row[key] === 'number' ? row[key] : null), {
          id: key,
          header: def.label,
          sortUndefined: 'last',
          cell: (info) => {
            const exact = info.row.original[exactKey(key)];
            const text =
              def.kind === 'money' && typeof exact === 'string'
                ? exactMoney
                  ? fmt.money(exact)
                  : fmt.moneyCompact(exact)
                : fmt.value(def.kind, info.getValue());
            return <Num>{text}</Num>;
          },
        }),
      ),
    ];
  }, [config, labelHeader, onSelect, fmt, lang, exactMoney, textColumns]);
  // TanStack Table returns fresh functions each render by design; the compiler lint cannot know.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const numeric = header.column.id in config;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={numeric ? 'numeric' : undefined}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    <button
                      type="button"
                      onClick={header.column.getToggleSortingHandler()}
                      title={t('chart.sortBy', { name: String(header.column.columnDef.header) })}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span aria-hidden="true">
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.original.key}
              className={onSelect ? 'clickable' : undefined}
              onClick={onSelect ? () => onSelect(row.original) : undefined}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cell.column.id in config ? 'numeric' : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
