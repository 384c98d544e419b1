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

/** All rows (`null` while fetching), or `failed` with the error of the page that failed
 * (`null` when the answer had no data); fetched again when `deps` change. */
export function useAllPages<T>(fetchPage: (after: string | null) => Promise<PageResult<T>>, deps: DependencyList) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [failure, setFailure] = useState<{ error: CombinedError | null } | null>(null);
  useEffect(() => {
    let gone = false;
    (async () => {
      const all: T[] = [];
      let after: string | null = null;
      for (;;) {
        const { page, error }: PageResult<T> = await fetchPage(after);
        if (error || !page) {
          if (!gone) setFailure({ error: error ?? null });
          return;
        }
        all.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? null;
      }
      if (!gone) setRows(all);
    })();
    return () => {
      gone = true;
    };
    // The caller names what the fetch depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { rows, failed: failure !== null, error: failure?.error ?? null };
}
