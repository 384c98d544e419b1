// Every row of a cursor connection, fetched page by page: the print views of the register
// books show a whole year, which the screens page through.
import { useEffect, useState, type DependencyList } from 'react';
import type { CombinedError } from 'urql';

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** What fetching one page gave: the page, or the error that stops the whole fetch. */
export type PageResult<T> = { page?: Page<T> | null; error?: CombinedError | null };

/** Every row, page after page; at a failing page (or an answer without data), the rows
 * read so far with `failed` and the page's error. */
export async function collectPages<T>(fetchPage: (after: string | null) => Promise<PageResult<T>>) {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const { page, error }: PageResult<T> = await fetchPage(after);
    if (error || !page) return { rows, failed: true, error: error ?? null };
    rows.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { rows, failed: false, error: null };
    after = page.pageInfo.endCursor;
  }
}

/** All rows (`null` while fetching), or `failed` with the error of the page that failed
 * (`null` when the answer had no data); fetched again when `deps` change. */
export function useAllPages<T>(fetchPage: (after: string | null) => Promise<PageResult<T>>, deps: DependencyList) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [failure, setFailure] = useState<{ error: CombinedError | null } | null>(null);
  useEffect(() => {
    let gone = false;
    void collectPages(fetchPage).then(({ rows: all, failed, error }) => {
      if (gone) return;
      if (failed) setFailure({ error });
      else setRows(all);
    });
    return () => {
      gone = true;
    };
    // The caller names what the fetch depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { rows, failed: failure !== null, error: failure?.error ?? null };
}
