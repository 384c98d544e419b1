// A light table for lists on the first screen (the inbox): antd's Table brings its filter
// menus, tree, pagination and selection (about 60 KB gzipped) that a plain list does not use.
// Semantic <table> with header cells, drawn like antd's middle-size table (styles.css,
// `.list-table`); columns marked `responsive` are hidden below that breakpoint.
import type { ReactNode } from 'react';
import { Spin } from 'antd';

export interface ListColumn<T> {
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  /** Shown from this antd breakpoint up (md ≥ 768 px, lg ≥ 992 px). */
  responsive?: 'md' | 'lg';
}

export default function ListTable<T>({
  rows,
  columns,
  rowKey,
  rowClassName,
  loading,
  empty,
  testId,
}: {
  rows: readonly T[];
  columns: ListColumn<T>[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string;
  loading?: boolean;
  empty: ReactNode;
  testId?: string;
}) {
  const hide = (c: ListColumn<T>) => (c.responsive ? `list-table-from-${c.responsive}` : undefined);
  return (
    <div className="list-table-wrap" data-testid={testId} aria-busy={loading || undefined}>
      <table className="list-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={hide(c)}>{c.title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} className={rowClassName?.(r) || undefined}>
              {columns.map((c) => (
                <td key={c.key} className={hide(c)}>{c.render(r)}</td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="list-table-empty">
                {loading ? <Spin /> : empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
