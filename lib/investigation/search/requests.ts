// Input of GET /api/search: the form's parameters and the window, checked. Pure: the clock is passed in.
import { DAY_MS } from '../../time-range';
import { parseRangeParams, singleParams } from '../alerts/requests';
import { parseSearchForm, type Parsed } from './search-form';
import type { SearchRequest } from './load-search';

/** Tempo searches block by block: a week is as far as one search goes here. */
export const MAX_SEARCH_WINDOW_MS = 7 * DAY_MS;

export function parseSearchRequest(search: URLSearchParams, nowMs: number): Parsed<SearchRequest> {
  const form = parseSearchForm(search);
  if (!form.ok) return form;
  const values = singleParams(search, ['from', 'to']);
  if (!values.ok) return values;
  const range = parseRangeParams(values.value, nowMs, MAX_SEARCH_WINDOW_MS);
  if (!range.ok) return range;
  return { ok: true, value: { form: form.value, ...range.value } };
}
