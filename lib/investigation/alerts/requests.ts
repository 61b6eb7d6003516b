// Input of the alert route handlers: query and path parameters -> typed requests, or a message saying what is
// wrong (the handler answers 400 with it). Pure: the clock is passed in.
import { z } from 'zod';
import type { Labels } from '../../model/metrics';
import { DAY_MS, parseTimeRange } from '../../time-range';
import { singleParams } from '../params';
import { parseAlertName, parseLabelsParam, type Parsed } from './alert-ref';

export { singleParams };

export interface HomeAlertsRequest {
  fromMs: number;
  toMs: number;
}

export interface AlertDetailHttpRequest {
  name: string;
  labels: Labels;
  fromMs: number;
  toMs: number;
}

/** The home looks back at most this far for resolved alerts; longer ranges belong to the monthly review. */
export const MAX_HOME_RANGE_MS = 31 * DAY_MS;
export const MAX_ALERT_WINDOW_MS = 31 * DAY_MS;
const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

const rangeText = z.string().max(200, '"from" and "to" are at most 200 characters').optional();
const rangeQuery = z.object({ from: rangeText, to: rangeText });

/** from/to (both or neither; neither means the last hour), resolved against nowMs. */
export function parseRangeParams(values: Record<string, string | undefined>, nowMs: number, maxRangeMs: number): Parsed<{ fromMs: number; toMs: number }> {
  const query = rangeQuery.safeParse({ from: values.from, to: values.to });
  if (!query.success) return fail(query.error.issues[0]?.message ?? 'Invalid time range');
  const from = query.data.from?.trim() ?? '';
  const to = query.data.to?.trim() ?? '';
  if ((from === '') !== (to === '')) return fail('Give both "from" and "to", or neither');
  const raw = from === '' ? DEFAULT_RANGE : { from, to };
  const parsed = parseTimeRange(raw, nowMs, { maxRangeMs });
  return parsed.ok ? { ok: true, value: { fromMs: parsed.value.fromMs, toMs: parsed.value.toMs } } : parsed;
}

export function parseHomeAlertsRequest(search: URLSearchParams, nowMs: number): Parsed<HomeAlertsRequest> {
  const values = singleParams(search, ['from', 'to']);
  if (!values.ok) return values;
  return parseRangeParams(values.value, nowMs, MAX_HOME_RANGE_MS);
}

/** The path segment as Next hands it over: decoded already. */
export function parseAlertDetailRequest(name: string, search: URLSearchParams, nowMs: number): Parsed<AlertDetailHttpRequest> {
  const checkedName = parseAlertName(name);
  if (!checkedName.ok) return checkedName;
  const values = singleParams(search, ['labels', 'from', 'to']);
  if (!values.ok) return values;
  const labels = parseLabelsParam(values.value.labels);
  if (!labels.ok) return labels;
  if (labels.value.alertname !== undefined && labels.value.alertname !== checkedName.value) {
    return fail('The labels name another alert than the address does');
  }
  const range = parseRangeParams(values.value, nowMs, MAX_ALERT_WINDOW_MS);
  if (!range.ok) return range;
  return { ok: true, value: { name: checkedName.value, labels: { ...labels.value, alertname: checkedName.value }, ...range.value } };
}
