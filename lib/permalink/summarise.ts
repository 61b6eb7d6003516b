// Server side: what a view shows, looked up when its link is made (the trace's root, duration and key log line;
// the SLO's name and objective), so titles and unfurls need no backend later. A lookup that fails or is slow
// leaves the summary its URL gives: making a link never fails because a backend is down.
import 'server-only';
import { connectionForTenant } from '../auth/tenancy';
import { loadTraceTimeline, type TraceTimelineSources } from '../correlate/trace-timeline';
import { lokiBackend, tempoBackend } from '../investigation/trace-backends';
import { ConfigError } from '../config/errors';
import { DatasourceError } from '../datasources/errors';
import { createLokiClient } from '../datasources/loki/client';
import { createTempoClient } from '../datasources/tempo/client';
import { rangeAroundTrace } from '../investigation/trace-summary';
import { traceViewConfig } from '../investigation/trace-view-config';
import type { TraceId } from '../model/trace';
import { buildTraceTree } from '../trace-view/build-trace-tree';
import type { PrismaClient } from '../generated/prisma/client';
import { traceSummaryFromTree } from './trace-summary';
import { summaryFromLocation, type AbsoluteRange, type ViewParams, type ViewSummary } from './view-state';

export interface SummariseInput {
  path: string;
  params: ViewParams;
  /** The view's range when its URL has one. */
  range: AbsoluteRange | null;
  /** The tenant the link is made for: lookups read only its data. */
  tenant: string | null;
}

export interface Summarised {
  summary: ViewSummary;
  /** A range the view itself would choose when its URL has none (around the trace). */
  suggestedRange: AbsoluteRange | null;
}

export type Summariser = (input: SummariseInput, signal?: AbortSignal) => Promise<Summarised>;

/** Longest a link's creation waits for the lookups. */
export const SUMMARY_DEADLINE_MS = 8_000;

export function createSummariser(db: () => Promise<PrismaClient>): Summariser {
  return async (input, signal) => {
    const base = summaryFromLocation(input.path, input.params);
    const deadline = AbortSignal.timeout(SUMMARY_DEADLINE_MS);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      if (base.kind === 'trace') return await summariseTrace(base.traceId as TraceId, base.spanId, input, combined);
      if (base.kind === 'slo') {
        const slo = await (await db()).slo.findUnique({ where: { id: base.id }, select: { name: true, service: true, objective: true } });
        return { summary: slo ? { ...base, name: slo.name, service: slo.service, objective: slo.objective } : base, suggestedRange: null };
      }
    } catch (error) {
      console.warn(`weft: permalink summary of ${input.path} unavailable:`, error instanceof Error ? error.message : error);
    }
    return { summary: base, suggestedRange: null };
  };
}

/**
 * Without a tenant, the trace view's own clients: they share its cache, so the trace the user is looking at is
 * not read again. With one, that tenant's own connections: a summary must never be read from another tenant's
 * data. A missing Loki only costs the key log line.
 */
async function traceSources(tenant: string | null): Promise<TraceTimelineSources> {
  if (tenant === null) return { tempo: (await tempoBackend()).client, loki: (await lokiBackend()).client };
  let loki: TraceTimelineSources['loki'] = null;
  try {
    loki = createLokiClient(connectionForTenant('loki', tenant));
  } catch (error) {
    // Not configured (or misconfigured): the timeline reports logs as not configured; anything else is a bug.
    if (!(error instanceof DatasourceError) && !(error instanceof ConfigError)) throw error;
  }
  return { tempo: createTempoClient(connectionForTenant('tempo', tenant)), loki };
}

async function summariseTrace(traceId: TraceId, spanId: string | null, input: SummariseInput, signal: AbortSignal): Promise<Summarised> {
  const config = traceViewConfig();
  const range = input.range;
  const { tempo, loki } = await traceSources(input.tenant);
  const timeline = await loadTraceTimeline(
    traceId,
    { tempo, loki },
    {
      ...(range ? { range: { startMs: range.fromMs, endMs: range.toMs } } : {}),
      logPadMs: config.logPadMs,
      logLimit: config.logLimit,
      maxParallelRangeMs: config.maxParallelRangeMs,
      signal,
    },
  );
  if (timeline.trace.status !== 'ok' || timeline.trace.data.spans.length === 0) {
    const why = timeline.trace.status === 'error' ? timeline.trace.error.message : 'the trace has no spans';
    throw new Error(`trace ${traceId}: ${why}`);
  }
  const tree = buildTraceTree(timeline.trace.data);
  const lines = timeline.logs.status === 'ok' ? timeline.logs.data.lines : [];
  const around = rangeAroundTrace(tree.startMs, tree.endMs);
  return {
    summary: traceSummaryFromTree(tree, spanId, lines),
    suggestedRange: { fromMs: Number(around.from), toMs: Number(around.to) },
  };
}
