// Tempo's legacy search (/api/search?tags=...&minDuration=...&maxDuration=...): every tag must match a span
// attribute or a resource attribute of some span of the trace (not necessarily the same span), with Tempo's
// special tags: service.name, name (span name), status.code, error=true, root.name, root.service.name.
// Durations apply to the trace (max end - min start).
import type { StoredSpan, TraceStore } from '../types';
import { TraceContext } from './evaluate';
import { searchNewestFirst, type TraceSearchOptions, type TraceSearchResult } from './search';

export interface TagSearchParams {
  tags: Record<string, string>;
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
}

const STATUS_ALIASES: Record<string, StoredSpan['statusCode']> = {
  unset: 'unset',
  '0': 'unset',
  status_code_unset: 'unset',
  ok: 'ok',
  '1': 'ok',
  status_code_ok: 'ok',
  error: 'error',
  '2': 'error',
  status_code_error: 'error',
};

function attributeText(value: string | number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Whether one span (with its resource) carries the tag. */
export function spanHasTag(span: StoredSpan, key: string, value: string, ctx: TraceContext): boolean {
  switch (key) {
    case 'service.name':
      return span.serviceName === value || attributeText(span.resourceAttributes['service.name']) === value;
    case 'name':
      return span.name === value || attributeText(span.attributes.name) === value;
    case 'status.code':
      return span.statusCode === STATUS_ALIASES[value.toLowerCase()];
    case 'error':
      if (value === 'true') return span.statusCode === 'error' || span.attributes.error === true;
      break;
    case 'root.name':
      return ctx.root !== null && ctx.root.name === value;
    case 'root.service.name':
      return ctx.root !== null && ctx.root.serviceName === value;
  }
  return attributeText(span.attributes[key]) === value || attributeText(span.resourceAttributes[key]) === value;
}

/** Legacy tag search, newest traces first; matched spans are those carrying at least one tag. */
export function evaluateTagSearch(params: TagSearchParams, options: TraceSearchOptions, store: TraceStore): TraceSearchResult[] {
  const tags = Object.entries(params.tags);
  return searchNewestFirst(store, options, (trace, ctx) => {
    if (params.minDurationNs !== undefined && ctx.durationNs < params.minDurationNs) return null;
    if (params.maxDurationNs !== undefined && ctx.durationNs > params.maxDurationNs) return null;
    const matched = new Set<StoredSpan>();
    for (const [key, value] of tags) {
      let any = false;
      for (const span of trace.spans) {
        if (spanHasTag(span, key, value, ctx)) {
          matched.add(span);
          any = true;
        }
      }
      if (!any) return null;
    }
    return [...matched];
  });
}

/** Parses Tempo's `tags` parameter (logfmt: `service.name=checkout http.status_code=500`). */
export function parseTagsParam(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  const re = /\s*([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(text)) !== null) {
    const raw = m[2];
    tags[m[1]] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    last = re.lastIndex;
    if (re.lastIndex === m.index) break;
  }
  if (text.slice(last).trim() !== '') throw new Error(`invalid tags: ${text}`);
  return tags;
}
