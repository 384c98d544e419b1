import { describe, expect, it } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import type { CombinedError } from 'urql';
import { useAllPages, type PageResult } from './allPages';

describe('every page of a connection', () => {
  it('follows end cursors until the last page', async () => {
    const asked: (string | null)[] = [];
    const pages: Record<string, PageResult<number>> = {
      start: { page: { nodes: [1, 2], pageInfo: { hasNextPage: true, endCursor: 'a' } } },
      a: { page: { nodes: [3], pageInfo: { hasNextPage: true, endCursor: 'b' } } },
      b: { page: { nodes: [4], pageInfo: { hasNextPage: false, endCursor: 'c' } } },
    };
    const { result } = renderHook(() =>
      useAllPages<number>(async (after) => {
        asked.push(after);
        return pages[after ?? 'start'];
      }, []),
    );
    await waitFor(() => expect(result.current.rows).toEqual([1, 2, 3, 4]));
    expect(asked).toEqual([null, 'a', 'b']);
    expect(result.current.failed).toBe(false);
  });
  it('stops at a failing page, and at an answer without data', async () => {
    const error = { message: 'forbidden' } as CombinedError;
    const failing = renderHook(() =>
      useAllPages<number>(async (after) => (after ? { error } : { page: { nodes: [1], pageInfo: { hasNextPage: true, endCursor: 'x' } } }), []),
    );
    await waitFor(() => expect(failing.result.current.failed).toBe(true));
    expect(failing.result.current.error).toBe(error);
    expect(failing.result.current.rows).toBeNull();
    const empty = renderHook(() => useAllPages<number>(async () => ({ page: null }), []));
    await waitFor(() => expect(empty.result.current.failed).toBe(true));
    expect(empty.result.current.error).toBeNull();
  });
});
