// Wire JSON of the Prometheus HTTP API, one schema per endpoint. Checked against responses recorded from
// Prometheus 2.42 (../shared/fixtures/prometheus). Objects are loose: newer servers add fields.
// API reference: https://prometheus.io/docs/prometheus/latest/querying/api/
import { z } from 'zod';

/** Sample values are strings so that NaN and ±Inf survive JSON: "1", "1e+00", "NaN", "+Inf", "-Inf". */
export const promValueString = z
  .string()
  .regex(/^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]?Inf)$/, 'not a Prometheus sample value');

/** [unix seconds (float, ms precision), value string] */
export const promSamplePair = z.tuple([z.number(), promValueString]);

export const promLabels = z.record(z.string(), z.string());

/** Every endpoint answers this envelope; errors come with 400 (bad_data), 422 (execution), 503 (timeout...). */
export function promEnvelope<T extends z.ZodType>(data: T) {
  return z.union([
    z.looseObject({ status: z.literal('success'), data, warnings: z.array(z.string()).optional() }),
    z.looseObject({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
  ]);
}

export const promErrorBody = z.looseObject({
  status: z.literal('error'),
  errorType: z.string(),
  error: z.string(),
});

// Native histograms (`histogram` / `histograms`) are accepted but not modelled yet.
const matrixSeries = z.looseObject({
  metric: promLabels,
  values: z.array(promSamplePair).default([]),
  histograms: z.array(z.unknown()).optional(),
});

const vectorSample = z.looseObject({
  metric: promLabels,
  value: promSamplePair.optional(),
  histogram: z.unknown().optional(),
});

/** GET|POST /api/v1/query and /api/v1/query_range: https://prometheus.io/docs/prometheus/latest/querying/api/#expression-queries */
export const queryData = z.discriminatedUnion('resultType', [
  z.looseObject({ resultType: z.literal('matrix'), result: z.array(matrixSeries) }),
  z.looseObject({ resultType: z.literal('vector'), result: z.array(vectorSample) }),
  z.looseObject({ resultType: z.literal('scalar'), result: promSamplePair }),
  z.looseObject({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) }),
]);
export const queryResponse = promEnvelope(queryData);
export type QueryData = z.infer<typeof queryData>;

/** GET /api/v1/query_exemplars: https://prometheus.io/docs/prometheus/latest/querying/api/#querying-exemplars */
export const exemplarsData = z.array(
  z.looseObject({
    seriesLabels: promLabels,
    exemplars: z.array(
      z.looseObject({
        labels: promLabels,
        value: promValueString,
        timestamp: z.number(),
      }),
    ),
  }),
);
export const exemplarsResponse = promEnvelope(exemplarsData);

/** GET /api/v1/series: https://prometheus.io/docs/prometheus/latest/querying/api/#finding-series-by-label-matchers */
export const seriesResponse = promEnvelope(z.array(promLabels).nullable());

/** GET /api/v1/labels and /api/v1/label/<name>/values (null from some Prometheus-compatible servers when empty). */
export const stringListResponse = promEnvelope(z.array(z.string()).nullable());

/** One alert, as in /api/v1/alerts and inside alerting rules. activeAt is RFC 3339 with nanoseconds. */
export const promAlert = z.looseObject({
  labels: promLabels,
  annotations: promLabels.default({}),
  state: z.string(),
  activeAt: z.string().optional(),
  value: promValueString.optional(),
});

/** GET /api/v1/alerts: https://prometheus.io/docs/prometheus/latest/querying/api/#alerts */
export const alertsResponse = promEnvelope(z.looseObject({ alerts: z.array(promAlert) }));

const alertingRule = z.looseObject({
  type: z.literal('alerting'),
  name: z.string(),
  query: z.string(),
  duration: z.number().default(0),
  labels: promLabels.default({}),
  annotations: promLabels.default({}),
  alerts: z.array(promAlert).default([]),
  health: z.string(),
  state: z.string().optional(),
  lastError: z.string().optional(),
});

const recordingRule = z.looseObject({
  type: z.literal('recording'),
  name: z.string(),
  query: z.string(),
  labels: promLabels.default({}),
  health: z.string(),
  lastError: z.string().optional(),
});

/** GET /api/v1/rules: https://prometheus.io/docs/prometheus/latest/querying/api/#rules */
export const rulesResponse = promEnvelope(
  z.looseObject({
    groups: z.array(
      z.looseObject({
        name: z.string(),
        file: z.string().optional(),
        interval: z.number().optional(),
        rules: z.array(z.discriminatedUnion('type', [alertingRule, recordingRule])).default([]),
      }),
    ),
  }),
);

/** GET /api/v1/status/buildinfo: https://prometheus.io/docs/prometheus/latest/querying/api/#build-information */
export const buildInfoResponse = promEnvelope(
  z.looseObject({
    version: z.string(),
    revision: z.string().default(''),
    branch: z.string().default(''),
    buildUser: z.string().default(''),
    buildDate: z.string().default(''),
    goVersion: z.string().default(''),
  }),
);

const nameValueList = z.array(z.looseObject({ name: z.string(), value: z.number() })).nullable().default([]);

/** GET /api/v1/status/tsdb: https://prometheus.io/docs/prometheus/latest/querying/api/#tsdb-stats */
export const tsdbStatusResponse = promEnvelope(
  z.looseObject({
    headStats: z
      .looseObject({
        numSeries: z.number(),
        numLabelPairs: z.number().optional(),
        chunkCount: z.number().optional(),
        minTime: z.number(),
        maxTime: z.number(),
      })
      .optional(),
    seriesCountByMetricName: nameValueList,
    labelValueCountByLabelName: nameValueList,
    memoryInBytesByLabelName: nameValueList,
    seriesCountByLabelValuePair: nameValueList,
  }),
);
