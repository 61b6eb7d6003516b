// An alert's address: /alerts/<alertname>?labels=<JSON label set>&from=<ms>&to=<ms>. The name is a label value
// typed by whoever wrote the rule, so it is checked like one and always encoded; the label set is a JSON
// object (unambiguous for any value, unlike a PromQL-style {a="b"} that would need its own parser).
import { z } from 'zod';
import type { Labels } from '../../model/metrics';
import type { Parsed } from '../params';
import type { WindowMs } from './alert-window';

export const MAX_ALERT_NAME_LENGTH = 256;
export const MAX_LABELS = 64;
export const MAX_LABEL_NAME_LENGTH = 256;
export const MAX_LABEL_VALUE_LENGTH = 2048;
export const MAX_LABELS_PARAM_LENGTH = 16_384;

export type { Parsed } from '../params';

// C0 controls and DEL: never in a label a person would link to; they would only garble logs and headers.
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function labelText(what: string, max: number) {
  return z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .refine((value) => !CONTROL.test(value), `${what} contains a control character`)
    .refine((value) => !LONE_SURROGATE.test(value), `${what} is not valid Unicode`);
}

export const alertNameSchema = labelText('The alert name', MAX_ALERT_NAME_LENGTH).refine((value) => value.trim() !== '', 'The alert name is empty');

const labelNameSchema = labelText('A label name', MAX_LABEL_NAME_LENGTH).refine((name) => name !== '', 'A label name is empty');
const labelValueSchema = labelText('A label value', MAX_LABEL_VALUE_LENGTH);

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Invalid value';
}

export function parseAlertName(raw: string): Parsed<string> {
  const result = alertNameSchema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: firstIssue(result.error) };
}

/** The `labels` parameter: a JSON object of strings. Missing or empty means "any instance of the alert". */
export function parseLabelsParam(raw: string | null | undefined): Parsed<Labels> {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: true, value: {} };
  if (raw.length > MAX_LABELS_PARAM_LENGTH) return { ok: false, error: `The labels parameter is longer than ${MAX_LABELS_PARAM_LENGTH} characters` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'The labels parameter is not JSON: expected an object like {"service":"payment"}' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'The labels parameter must be a JSON object like {"service":"payment"}' };
  }
  // Own properties only, each checked: JSON.parse makes "__proto__" an own key, kept as data, never a prototype.
  const entries = Object.entries(json);
  if (entries.length > MAX_LABELS) return { ok: false, error: `Invalid labels: an alert has at most ${MAX_LABELS} labels` };
  const checked: [string, string][] = [];
  for (const [name, value] of entries) {
    const checkedName = labelNameSchema.safeParse(name);
    if (!checkedName.success) return { ok: false, error: `Invalid labels: ${firstIssue(checkedName.error)}` };
    if (typeof value !== 'string') return { ok: false, error: `Invalid labels: the value of ${JSON.stringify(name)} is not a string` };
    const checkedValue = labelValueSchema.safeParse(value);
    if (!checkedValue.success) return { ok: false, error: `Invalid labels: ${firstIssue(checkedValue.error)}` };
    checked.push([name, value]);
  }
  return { ok: true, value: sortLabels(Object.fromEntries(checked)) };
}

/** The same labels in name order (Object.fromEntries: a "__proto__" name stays an ordinary key). */
export function sortLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

/** The label set as the `labels` parameter: sorted, without alertname (the path carries it). */
export function encodeLabelsParam(labels: Labels): string {
  const { alertname: _alertname, ...rest } = labels;
  return JSON.stringify(sortLabels(rest));
}

/** Link to the alert view of one alert instance over an absolute window. */
export function alertViewHref(name: string, labels: Labels, window: WindowMs): string {
  const params = new URLSearchParams({ labels: encodeLabelsParam(labels), from: String(window.fromMs), to: String(window.toMs) });
  return `/alerts/${encodeURIComponent(name)}?${params.toString()}`;
}

/** A label's value; own keys only, so a label named "constructor" is not Object's constructor. */
export function labelValue(labels: Labels, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}

/** True when every label of `subset` has the same value in `labels`. */
export function labelsInclude(labels: Labels, subset: Labels): boolean {
  return Object.entries(subset).every(([name, value]) => labelValue(labels, name) === value);
}
