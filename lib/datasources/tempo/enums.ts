// OTLP span kind and status code, as protojson writes them (enum name) or as numbers.
import type { SpanKind, SpanStatusCode } from '../../model/trace';

const KIND_BY_NAME: Readonly<Record<string, SpanKind>> = {
  SPAN_KIND_UNSPECIFIED: 'unspecified',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const KIND_BY_NUMBER: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function spanKindOf(kind: string | number | undefined): SpanKind {
  if (kind === undefined) return 'unspecified';
  if (typeof kind === 'number') return KIND_BY_NUMBER[kind] ?? 'unspecified';
  return KIND_BY_NAME[kind] ?? KIND_BY_NAME[`SPAN_KIND_${kind.toUpperCase()}`] ?? 'unspecified';
}

const STATUS_BY_NAME: Readonly<Record<string, SpanStatusCode>> = {
  STATUS_CODE_UNSET: 'unset',
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
};
const STATUS_BY_NUMBER: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

export function statusCodeOf(code: string | number | undefined): SpanStatusCode {
  if (code === undefined) return 'unset';
  if (typeof code === 'number') return STATUS_BY_NUMBER[code] ?? 'unset';
  return STATUS_BY_NAME[code] ?? STATUS_BY_NAME[`STATUS_CODE_${code.toUpperCase()}`] ?? 'unset';
}
