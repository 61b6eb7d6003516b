// The timeline answer as JSON text, exactly as JSON.stringify(body) writes it. A trace read again within the
// server's cache is the same transport object on every request (trace-api encodes each cached trace once),
// so its JSON (3 MB at 20k spans, 15 MB at 100k) is written once and reused; the rest is small and fresh.
import type { TraceTimelineResponse } from '@/lib/investigation/api-types';
import type { TraceTransport } from '@/lib/investigation/trace-transport';

const transportJson = new WeakMap<TraceTransport, string>();

function jsonOfTransport(transport: TraceTransport): string {
  let text = transportJson.get(transport);
  if (text === undefined) {
    text = JSON.stringify(transport);
    transportJson.set(transport, text);
  }
  return text;
}

/** An object's JSON with one member's value written by `member`, keys in their own order (as JSON.stringify). */
function objectJson(value: object, key: string, member: string): string {
  const parts: string[] = [];
  for (const [name, item] of Object.entries(value)) {
    const text: string | undefined = name === key ? member : JSON.stringify(item);
    if (text !== undefined) parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

export function timelineJson(body: TraceTimelineResponse): string {
  if (body.trace.status !== 'ok') return JSON.stringify(body);
  return objectJson(body, 'trace', objectJson(body.trace, 'data', jsonOfTransport(body.trace.data)));
}
