// Keyset paging over a Relay connection: the cursors of pages seen so far, so "previous"
// goes back without offsets (the server pages by key and stays fast on large boxes).
export interface PagerState {
  /** `after` of each page visited; the first page has none. */
  cursors: (string | null)[];
  index: number;
}

export type PagerAction = { type: 'next'; endCursor: string | null | undefined } | { type: 'prev' } | { type: 'reset' };

export const initialPager: PagerState = { cursors: [null], index: 0 };

export function pagerReducer(state: PagerState, action: PagerAction): PagerState {
  switch (action.type) {
    case 'next': {
      if (!action.endCursor) return state;
      const cursors = [...state.cursors.slice(0, state.index + 1), action.endCursor];
      return { cursors, index: state.index + 1 };
    }
    case 'prev':
      return state.index === 0 ? state : { ...state, index: state.index - 1 };
    case 'reset':
      return initialPager;
  }
}

export const currentCursor = (state: PagerState) => state.cursors[state.index];
