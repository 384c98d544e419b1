// What needs the acting position (the home page's counts and the navigation badges): asked
// once over HTTP, then pushed by the `workChanged` subscription whenever it changes (the
// socket names the acting position, so a push is the new counts themselves).
import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql, type ResultOf } from '../graphql';

export const WORK_COUNTS = graphql(`query WorkCounts { workCounts { pending pendingUnread infoUnread outgoingToDo overdue dueSoon soonUntil badge } }`);
const WORK_CHANGED = graphql(`subscription WorkChanged { workChanged { pending pendingUnread infoUnread outgoingToDo overdue dueSoon soonUntil badge } }`);

export type WorkCounts = ResultOf<typeof WORK_COUNTS>['workCounts'];

/** The latest counts: the pushed ones once the socket has answered, else the query's. */
export function useWorkCounts(paused: boolean): WorkCounts | undefined {
  const [asked, refetch] = useQuery({ query: WORK_COUNTS, pause: paused, requestPolicy: 'network-only' });
  const [pushed] = useSubscription({ query: WORK_CHANGED, pause: paused });
  // Without a socket (a proxy refusing WebSockets), asked again now and then.
  useEffect(() => {
    if (paused || pushed.data) return;
    const timer = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), 30_000);
    return () => window.clearInterval(timer);
  }, [paused, pushed.data, refetch]);
  return pushed.data?.workChanged ?? asked.data?.workCounts;
}
