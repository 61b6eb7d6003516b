import { QueryClient, isServer } from '@tanstack/react-query';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Observability data is time-bound: keep it briefly, never refetch just because the tab got focus.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Route handlers already retry idempotent upstream reads; one more try covers a dropped connection.
        retry: 1,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A new client per server render (no data shared between requests); one client for the whole browser session. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
