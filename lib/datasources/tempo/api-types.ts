// Tempo's HTTP API wire JSON, one schema per endpoint, checked at the boundary by parse.ts.
// Reference: https://grafana.com/docs/tempo/latest/api_docs/
// Recorded answers of Tempo 2.0.1: ../shared/fixtures/tempo (README.md lists every request).
import { z } from 'zod';

// ---- OTLP JSON (opentelemetry-proto trace/v1 and common/v1), as Tempo serialises it -------------------
// https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/common/v1/common.proto
// protojson writes int64 as strings and may write NaN/Infinity doubles as strings; ids are base64
// (Tempo 2.0) or hex (OTLP/HTTP JSON, newer Tempo).

export interface AnyValueWire {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: AnyValueWire[] };
  kvlistValue?: { values?: KeyValueWire[] };
}

export interface KeyValueWire {
  key: string;
  value?: AnyValueWire;
}

export const anyValueSchema: z.ZodType<AnyValueWire> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string().regex(/^-?\d+$/), z.number().int()]).optional(),
    doubleValue: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(anyValueSchema).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValueSchema).optional() }).optional(),
  }),
);

export const keyValueSchema: z.ZodType<KeyValueWire> = z.lazy(() =>
  z.object({
    key: z.string(),
    value: anyValueSchema.optional(),
  }),
);

/** uint64 nanoseconds: a decimal string (protojson) or, from lenient producers, a JSON number. */
export const nanosSchema = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]);

const attributesSchema = z.array(keyValueSchema).optional();

export const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  traceState: z.string().optional(),
  name: z.string().optional(),
  /** "SPAN_KIND_SERVER" (protojson enum name) or 2. */
  kind: z.union([z.string(), z.number().int()]).optional(),
  startTimeUnixNano: nanosSchema,
  endTimeUnixNano: nanosSchema.optional(),
  attributes: attributesSchema,
  events: z
    .array(z.object({ timeUnixNano: nanosSchema.optional(), name: z.string().optional(), attributes: attributesSchema }))
    .optional(),
  links: z
    .array(z.object({ traceId: z.string(), spanId: z.string(), traceState: z.string().optional(), attributes: attributesSchema }))
    .optional(),
  /** code: "STATUS_CODE_ERROR" or 2. */
  status: z.object({ code: z.union([z.string(), z.number().int()]).optional(), message: z.string().optional() }).optional(),
});
export type SpanWire = z.infer<typeof spanSchema>;

const scopeSchema = z.object({ name: z.string().optional(), version: z.string().optional() }).optional();

export const resourceSpansSchema = z.object({
  resource: z.object({ attributes: attributesSchema }).optional(),
  /** OTLP >= 0.15 (and Tempo 2.0's /api/traces). */
  scopeSpans: z.array(z.object({ scope: scopeSchema, spans: z.array(spanSchema).optional() })).optional(),
  /** Older OTLP, still written by Tempo 1.x and some exporters. */
  instrumentationLibrarySpans: z
    .array(z.object({ instrumentationLibrary: scopeSchema, spans: z.array(spanSchema).optional() }))
    .optional(),
});
export type ResourceSpansWire = z.infer<typeof resourceSpansSchema>;

/** A trace body: Tempo 1.x/2.x /api/traces calls the list "batches"; OTLP (and Tempo's v2 trace) "resourceSpans". */
export const traceBodySchema = z.object({
  batches: z.array(resourceSpansSchema).optional(),
  resourceSpans: z.array(resourceSpansSchema).optional(),
});

/** GET /api/traces/<id>: the trace itself. */
export const traceByIdV1Schema = traceBodySchema;

/**
 * GET /api/v2/traces/<id> (Tempo 2.6+): {"trace": {...}, "status": "PARTIAL", "message": "..."}.
 * https://grafana.com/docs/tempo/latest/api_docs/#query-v2
 */
export const traceByIdV2Schema = z.object({
  trace: traceBodySchema.optional(),
  status: z.union([z.string(), z.number().int()]).optional(),
  message: z.string().optional(),
});

// ---- Search -----------------------------------------------------------------------------------------

const matchedSpanSchema = z.object({
  spanID: z.string(),
  name: z.string().optional(),
  startTimeUnixNano: nanosSchema,
  durationNanos: nanosSchema.optional(),
  attributes: attributesSchema,
});

const spanSetSchema = z.object({
  spans: z.array(matchedSpanSchema).optional(),
  matched: z.number().int().optional(),
  attributes: attributesSchema,
});

/**
 * GET /api/search (tags or TraceQL `q`). traceID is hex with leading zeros dropped (Tempo prints %x);
 * durationMs is omitted under 1 ms; TraceQL hits carry `spanSet` (2.0/2.1) or `spanSets` (2.2+).
 * https://grafana.com/docs/tempo/latest/api_docs/#search
 */
export const searchResponseSchema = z.object({
  traces: z
    .array(
      z.object({
        traceID: z.string(),
        rootServiceName: z.string().optional(),
        rootTraceName: z.string().optional(),
        startTimeUnixNano: nanosSchema,
        durationMs: z.number().nonnegative().optional(),
        spanSet: spanSetSchema.optional(),
        spanSets: z.array(spanSetSchema).optional(),
      }),
    )
    .nullish(),
});
export type SearchResponseWire = z.infer<typeof searchResponseSchema>;

/** GET /api/search/tags. */
export const tagNamesResponseSchema = z.object({ tagNames: z.array(z.string()).nullish() });

/** GET /api/search/tag/<tag>/values: plain strings. */
export const tagValuesV1ResponseSchema = z.object({ tagValues: z.array(z.string()).nullish() });

/**
 * GET /api/v2/search/tag/<scoped tag>/values: typed values ({"type": "int", "value": "500"}). Tempo 2.0.1
 * answered `{}` while the data was only in the ingester (tempo/before-flush/).
 */
export const tagValuesV2ResponseSchema = z.object({
  tagValues: z.array(z.object({ type: z.string(), value: z.string() })).nullish(),
});

// GET /api/status/buildinfo (newer Tempo; Tempo 2.0 only has the text page /status/version): its schema,
// shared with Loki, is in ../build-info.ts.
