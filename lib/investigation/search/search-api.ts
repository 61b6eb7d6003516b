// The trace search route handlers' server functions: the configured Tempo in, JSON-ready answers out.
import 'server-only';
import { tempoClient } from '../alerts/backends';
import { loadSearchServices, loadTraceSearch, type SearchRequest, type ServicesResponse, type TraceSearchResponse } from './load-search';

export function getTraceSearch(request: SearchRequest, signal?: AbortSignal): Promise<TraceSearchResponse> {
  return loadTraceSearch(tempoClient(), request, signal);
}

export function getSearchServices(signal?: AbortSignal): Promise<ServicesResponse> {
  return loadSearchServices(tempoClient(), signal);
}
