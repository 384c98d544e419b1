// The GraphQL client: POST with JSON (the session cookie only counts on such requests), the
// caller's language and acting position as headers, subscriptions over graphql-ws on the
// same origin (the cookie authenticates the socket).
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import type { Lang } from './prefs';

export interface ClientOptions {
  lang: Lang;
  position: string | null;
  onUnauthenticated: () => void;
}

export const CSRF_HEADER = 'X-Chancery-CSRF';

export function headers(lang: Lang, position: string | null): Record<string, string> {
  const h: Record<string, string> = { 'X-Chancery-Language': lang, [CSRF_HEADER]: '1' };
  if (position) h['X-Chancery-Position'] = position;
  return h;
}

export function makeClient({ lang, position, onUnauthenticated }: ClientOptions): Client {
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql/ws`;
  // The socket names the acting position in its first message, as the header does over HTTP.
  const ws = createWsClient({ url: wsUrl, lazy: true, retryAttempts: Infinity, connectionParams: position ? { position } : {} });
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: headers(lang, position), credentials: 'same-origin' }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const unauthenticated = error.graphQLErrors.some(
            (e) => (e.extensions as { code?: string } | undefined)?.code === 'UNAUTHENTICATED',
          );
          const isLogin = operation.query.definitions.some(
            (d) => d.kind === 'OperationDefinition' && d.name?.value === 'Login',
          );
          if (unauthenticated && !isLogin) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
