// Wire JSON of Grafana Pyroscope, one schema per endpoint. Checked against Pyroscope 1.0.0 responses
// (../shared/fixtures/pyroscope). Connect RPCs are protobuf JSON: int64 arrives as a decimal STRING and
// empty fields are left out, so lists and numbers default to empty/zero.
// API reference: https://grafana.com/docs/pyroscope/latest/reference-server-api/
// RPC shapes: https://github.com/grafana/pyroscope/blob/main/api/querier/v1/querier.proto
//             https://github.com/grafana/pyroscope/blob/main/api/types/v1/types.proto
import { z } from 'zod';

/** protojson int64: a decimal string (numbers accepted too, as other encoders send them). */
export const int64 = z.union([z.string().regex(/^-?\d+$/, 'not an int64'), z.number().int()]);

const labelPair = z.looseObject({ name: z.string(), value: z.string().default('') });

/** querier.v1.FlameGraph: levels hold [offset delta, total, self, name index] quadruples. */
export const connectFlameGraph = z.looseObject({
  names: z.array(z.string()).default([]),
  levels: z.array(z.looseObject({ values: z.array(int64).default([]) })).default([]),
  total: int64.default('0'),
  maxSelf: int64.default('0'),
});
export type ConnectFlameGraph = z.infer<typeof connectFlameGraph>;

/**
 * POST /querier.v1.QuerierService/SelectMergeStacktraces and .../SelectMergeSpanProfile
 * (SelectMergeStacktracesResponse / SelectMergeSpanProfileResponse: same `flamegraph` field).
 */
export const selectMergeResponse = z.looseObject({ flamegraph: connectFlameGraph.optional() });

/** POST /querier.v1.QuerierService/ProfileTypes */
export const profileTypesResponse = z.looseObject({
  profileTypes: z
    .array(
      z.looseObject({
        ID: z.string(),
        name: z.string().default(''),
        sampleType: z.string().default(''),
        sampleUnit: z.string().default(''),
        periodType: z.string().default(''),
        periodUnit: z.string().default(''),
      }),
    )
    .default([]),
});

/** POST /querier.v1.QuerierService/LabelNames and .../LabelValues (both answer `names`). */
export const namesResponse = z.looseObject({ names: z.array(z.string()).default([]) });

/** POST /querier.v1.QuerierService/Series */
export const seriesResponse = z.looseObject({
  labelsSet: z.array(z.looseObject({ labels: z.array(labelPair).default([]) })).default([]),
});

/** POST /querier.v1.QuerierService/SelectSeries (point timestamps are int64 ms, values doubles). */
export const selectSeriesResponse = z.looseObject({
  series: z
    .array(
      z.looseObject({
        labels: z.array(labelPair).default([]),
        points: z.array(z.looseObject({ value: z.number().default(0), timestamp: int64.default('0') })).default([]),
      }),
    )
    .default([]),
});

/** GET /pyroscope/render?format=json: the legacy flamebearer, numbers not strings, single (4-tuple) format. */
export const renderResponse = z.looseObject({
  version: z.number().optional(),
  flamebearer: z.looseObject({
    names: z.array(z.string()),
    levels: z.array(z.array(z.number())),
    numTicks: z.number(),
    maxSelf: z.number(),
  }),
  metadata: z.looseObject({
    format: z.string(),
    spyName: z.string().optional(),
    sampleRate: z.number().optional(),
    units: z.string().optional(),
    name: z.string().optional(),
  }),
  timeline: z.unknown().optional(),
});

/** GET /pyroscope/label-values?label=... : a list, or null (1.0.0 drops the label name for anything but __name__). */
export const legacyLabelValuesResponse = z.array(z.string()).nullable();

/** GET /api/v1/status/buildinfo (Prometheus-style envelope) */
export const buildInfoResponse = z.looseObject({
  status: z.literal('success'),
  data: z.looseObject({
    version: z.string(),
    revision: z.string().default(''),
    branch: z.string().default(''),
    buildUser: z.string().default(''),
    buildDate: z.string().default(''),
    goVersion: z.string().default(''),
  }),
});
