// The trace search route handlers' server functions: the request's Tempo in, JSON-ready answers out.
import 'server-only';
import { tempoClient, type SearchTempo } from '../alerts/backends';
import { loadSearchServices, loadTraceSearch, type SearchRequest, type ServicesResponse, type TraceSearchResponse } from './load-search';

export function searchSources(): Promise<SearchTempo> {
  return tempoClient();
}

export function getTraceSearch(tempo: SearchTempo, request: SearchRequest, signal?: AbortSignal): Promise<TraceSearchResponse> {
  return loadTraceSearch(tempo, request, signal);
}

export function getSearchServices(tempo: SearchTempo, signal?: AbortSignal): Promise<ServicesResponse> {
  return loadSearchServices(tempo, signal);
}
