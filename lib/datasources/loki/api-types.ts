// Loki's HTTP API wire JSON, one schema per endpoint, checked at the boundary by parse.ts.
// Reference: https://grafana.com/docs/loki/latest/reference/loki-http-api/
// Recorded answers of Loki 2.8.0: ../shared/fixtures/loki (README.md lists every request).
import { z } from 'zod';

export const labelSetSchema = z.record(z.string(), z.string());

/** Epoch nanoseconds as a decimal string, e.g. "1795303440742148755" (int64 does not fit a double). */
export const nanosStringSchema = z.string().regex(/^\d{1,20}$/, 'expected epoch nanoseconds as a decimal string');

/**
 * Loki 3 with `X-Loki-Response-Encoding-Flags: categorize-labels` adds a third element per entry that
 * separates structured metadata from labels extracted by parsers (and lists the flag in data.encodingFlags).
 * https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 */
export const categorizedLabelsSchema = z.strictObject({
  structuredMetadata: labelSetSchema.optional(),
  parsed: labelSetSchema.optional(),
});

/** [ns, line] (Loki 2.x); [ns, line, categorized] (Loki 3, categorize-labels); [ns, line, metadata] (Loki 2.9). */
export const streamEntrySchema = z.union([
  z.tuple([nanosStringSchema, z.string()]),
  z.tuple([nanosStringSchema, z.string(), z.union([categorizedLabelsSchema, labelSetSchema])]),
]);

export const streamSchema = z.object({
  stream: labelSetSchema,
  values: z.array(streamEntrySchema),
});

/** Metric samples: [float seconds, "value"]; the value may be "NaN", "+Inf" or "-Inf". */
export const samplePairSchema = z.tuple([z.number(), z.string()]);

export const matrixSeriesSchema = z.object({
  metric: labelSetSchema,
  values: z.array(samplePairSchema),
});

export const vectorSampleSchema = z.object({
  metric: labelSetSchema,
  value: samplePairSchema,
});

const queryDataSchema = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('streams'), result: z.array(streamSchema), encodingFlags: z.array(z.string()).optional() }),
  z.object({ resultType: z.literal('matrix'), result: z.array(matrixSeriesSchema) }),
  z.object({ resultType: z.literal('vector'), result: z.array(vectorSampleSchema) }),
  z.object({ resultType: z.literal('scalar'), result: samplePairSchema }),
]);

/** GET /loki/api/v1/query_range and /loki/api/v1/query (stats are ignored). */
export const queryResponseSchema = z.object({
  status: z.literal('success'),
  data: queryDataSchema,
});
export type LokiQueryResponse = z.infer<typeof queryResponseSchema>;
export type LokiStream = z.infer<typeof streamSchema>;

/** GET /loki/api/v1/labels and /loki/api/v1/label/<name>/values; `data` is absent when nothing matched. */
export const stringListResponseSchema = z.object({
  status: z.literal('success'),
  data: z.array(z.string()).nullish(),
});

/** GET /loki/api/v1/series (match[] repeated). */
export const seriesResponseSchema = z.object({
  status: z.literal('success'),
  data: z.array(labelSetSchema).nullish(),
});

// GET /loki/api/v1/status/buildinfo (not wrapped in status/data): its schema is in ../build-info.ts.
