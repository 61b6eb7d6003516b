// Turns the sample data pushed to the real Loki and Tempo (../shared/fixtures: Loki push bodies, OTLP/JSON
// trace bodies) into store contents, so engine results can be compared with the responses those servers
// recorded. Test-only: the input is trusted fixture data, checked just enough to fail loudly.
import type { Labels, LogStream, SpanAttributeValue, StoredSpan, StoredTrace } from '../types';
import { labelsKey } from '../shared/labels';

interface LokiPush {
  streams: { stream: Labels; values: [string, string][] }[];
}

function isLokiPush(value: unknown): value is LokiPush {
  return typeof value === 'object' && value !== null && Array.isArray((value as { streams?: unknown }).streams);
}

/** Streams of one or more Loki push bodies, merged by label set, entries ascending. */
export function streamsFromLokiPush(...bodies: unknown[]): LogStream[] {
  const byKey = new Map<string, LogStream>();
  for (const body of bodies) {
    if (!isLokiPush(body)) throw new Error('not a Loki push body');
    for (const { stream, values } of body.streams) {
      const key = labelsKey(stream);
      let out = byKey.get(key);
      if (!out) {
        out = { labels: stream, entries: [] };
        byKey.set(key, out);
      }
      for (const [ts, line] of values) out.entries.push({ timestampNs: BigInt(ts), line });
    }
  }
  for (const s of byKey.values()) s.entries.sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  return [...byKey.values()];
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
}

interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const KINDS: StoredSpan['kind'][] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS: StoredSpan['statusCode'][] = ['unset', 'ok', 'error'];

function attributeValue(value: OtlpValue): SpanAttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return '';
}

function attributes(list: { key: string; value: OtlpValue }[] = []): Record<string, SpanAttributeValue> {
  return Object.fromEntries(list.map((a) => [a.key, attributeValue(a.value)]));
}

/** Traces of one or more OTLP/JSON export bodies (hex ids), spans grouped by trace id. */
export function tracesFromOtlp(...bodies: unknown[]): StoredTrace[] {
  const byId = new Map<string, StoredSpan[]>();
  for (const raw of bodies) {
    const body = raw as OtlpBody;
    if (!Array.isArray(body?.resourceSpans)) throw new Error('not an OTLP/JSON traces body');
    for (const rs of body.resourceSpans) {
      const resourceAttributes = attributes(rs.resource.attributes);
      const serviceName = String(resourceAttributes['service.name'] ?? 'unknown_service');
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          const startNs = BigInt(span.startTimeUnixNano);
          const stored: StoredSpan = {
            traceId: span.traceId.toLowerCase(),
            spanId: span.spanId.toLowerCase(),
            parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
            name: span.name,
            serviceName,
            kind: KINDS[span.kind ?? 0] ?? 'unspecified',
            statusCode: STATUS[span.status?.code ?? 0] ?? 'unset',
            statusMessage: span.status?.message,
            startNs,
            durationNs: BigInt(span.endTimeUnixNano) - startNs,
            attributes: attributes(span.attributes),
            resourceAttributes,
          };
          const spans = byId.get(stored.traceId) ?? [];
          spans.push(stored);
          byId.set(stored.traceId, spans);
        }
      }
    }
  }
  return [...byId.entries()].map(([traceId, spans]) => ({ traceId, spans }));
}
