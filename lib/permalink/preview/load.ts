// Server side of /s/<slug>/preview.png: reads what the picture needs from the backends (the trace; the alert's
// expression over the link's absolute range) and renders it. A backend that fails or is slow gives a card
// that says so instead of an error: a chat client shows whatever image it gets.
import 'server-only';
import { connectionForTenant } from '../../auth/tenancy';
import { fetchTrace } from '../../correlate/trace-timeline';
import { formatValue } from '../../charts/format';
import { DatasourceError } from '../../datasources/errors';
import { createPrometheusClient } from '../../datasources/prometheus/client';
import { createTempoClient } from '../../datasources/tempo/client';
import { stepForRange } from '../../charts/series-data';
import { getDb } from '../../db';
import { loadAlertDetail } from '../../investigation/alerts/load-alert-detail';
import { errorBudget } from '../../slo/burn-rate';
import { readSliSeries } from '../../slo/read-slo';
import { getSlo } from '../../slo/repository';
import type { TraceId } from '../../model/trace';
import { buildTraceTree } from '../../trace-view/build-trace-tree';
import { TtlCache } from '../../correlate/ttl-cache';
import { formatObjective } from '../title';
import type { AlertSummaryV1, SloSummaryV1 } from '../view-state';
import { cardPreviewSvg, chartPreviewSvg, tracePreviewSvg, type PreviewLink } from './compose';
import { svgToPng } from './png';

/** Longest a preview waits for its data. Chat crawlers give up after ten seconds or so. */
export const PREVIEW_DEADLINE_MS = 9_000;

// A link's picture depends only on its stored state (absolute range): keep recent ones, so a burst of crawlers
// (one per chat member's client) renders it once.
const cache = new TtlCache<Buffer>({ ttlMs: 10 * 60_000, maxEntries: 64 });

/**
 * The link's picture, read with the connections of the tenant the link was made for (a crawler has no session
 * to take a tenant from; the stored one is the only safe choice).
 */
export async function renderPreviewPng(slug: string, link: PreviewLink, tenant: string | null, signal?: AbortSignal): Promise<Buffer> {
  try {
    return await cache.get(`${slug}|${link.title}`, async () => {
      const preview = await renderPreviewSvg(link, tenant, signal);
      const png = svgToPng(preview.svg);
      // A card standing in for missing data is served but not kept: the next crawler tries the data again.
      if (!preview.complete) throw new IncompletePreview(png);
      return png;
    });
  } catch (error) {
    if (error instanceof IncompletePreview) return error.png;
    throw error;
  }
}

class IncompletePreview extends Error {
  constructor(readonly png: Buffer) {
    super('preview rendered without its data');
  }
}

const WHAT: Record<string, string> = { trace: 'trace', alert: "alert's data", slo: "SLO's data" };

/** The picture as SVG; `complete` is false when a card stands in for data that could not be read. */
export async function renderPreviewSvg(link: PreviewLink, tenant: string | null, signal?: AbortSignal): Promise<{ svg: string; complete: boolean }> {
  const deadline = AbortSignal.timeout(PREVIEW_DEADLINE_MS);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const summary = link.state.summary;
  try {
    if (summary.kind === 'trace') return { svg: await tracePreview(link, summary.traceId as TraceId, tenant, combined), complete: true };
    if (summary.kind === 'alert') return { svg: await alertPreview(link, summary, tenant, combined), complete: true };
    if (summary.kind === 'slo') return { svg: await sloPreview(link, summary, tenant, combined), complete: true };
  } catch (error) {
    // Only our own error messages are safe to print into a public image; the rest goes to the log.
    const message = deadline.aborted ? `no answer within ${PREVIEW_DEADLINE_MS / 1000} s` : error instanceof DatasourceError ? error.message : 'an unexpected error';
    console.warn(`weft: preview of ${link.state.path} without data:`, deadline.aborted ? message : error);
    return { svg: cardPreviewSvg(link, [link.title, `The ${WHAT[summary.kind] ?? 'data'} could not be read for this picture (${message}).`]), complete: false };
  }
  return { svg: cardPreviewSvg(link, [link.title, link.state.path]), complete: true };
}

async function tracePreview(link: PreviewLink, traceId: TraceId, tenant: string | null, signal: AbortSignal): Promise<string> {
  const range = link.state.range;
  // The link's own tenant, never the request's: a crawler has no session (and the trace view's request-scoped
  // clients would refuse it).
  const tempo = createTempoClient(connectionForTenant('tempo', tenant));
  const trace = await fetchTrace(tempo, traceId, { startMs: range.fromMs, endMs: range.toMs }, signal);
  if (trace.spans.length === 0) return cardPreviewSvg(link, [link.title, 'Tempo answered with an empty trace.']);
  return tracePreviewSvg(link, buildTraceTree(trace));
}

// The picture needs the rule, its expression and the firing episodes; the alert view's trace lists are skipped.
const NO_TRACES = new DatasourceError({ backend: 'tempo', kind: 'not-configured', message: 'not needed for a preview' });

async function alertPreview(link: PreviewLink, summary: AlertSummaryV1, tenant: string | null, signal: AbortSignal): Promise<string> {
  const range = link.state.range;
  const detail = await loadAlertDetail(
    { prometheus: createPrometheusClient(connectionForTenant('prometheus', tenant)), alertmanager: null, tempo: { search: () => Promise.reject(NO_TRACES) } },
    { name: summary.name, labels: { ...summary.labels, alertname: summary.name }, fromMs: range.fromMs, toMs: range.toMs },
    { signal },
  );
  const chart = detail.chart;
  if (!chart) return cardPreviewSvg(link, [link.title, 'Prometheus has no alerting rule by this name.']);
  if (chart.status === 'error') return cardPreviewSvg(link, [link.title, `The alert's expression could not be read: ${chart.error.message}`]);
  const comparison = detail.rule.status === 'ok' ? detail.rule.data?.comparison ?? null : null;
  const firing = detail.firing.status === 'ok' ? detail.firing.data : [];
  return chartPreviewSvg(
    link,
    {
      series: chart.data.series,
      unit: chart.data.unit,
      range,
      thresholds: comparison ? [{ value: comparison.threshold, label: `${comparison.op} ${formatValue(comparison.threshold, chart.data.unit)}` }] : [],
      bands: firing.map((run) => ({ startMs: run.startMs, endMs: run.endMs })),
    },
    firing.length > 0 ? { text: 'fired', tone: 'danger' } : null,
  );
}

/** The SLO's share of bad events over the link's range against its error budget, as on the SLO page. */
async function sloPreview(link: PreviewLink, summary: SloSummaryV1, tenant: string | null, signal: AbortSignal): Promise<string> {
  const slo = await getSlo(await getDb(), summary.id);
  if (!slo) return cardPreviewSvg(link, [link.title, 'This SLO does not exist any more.']);
  const range = link.state.range;
  const prom = createPrometheusClient(connectionForTenant('prometheus', tenant));
  const sli = await readSliSeries(prom, slo, { ...range, stepMs: stepForRange(range.fromMs, range.toMs, 120) }, { signal });
  const budget = errorBudget(slo.objective);
  const overBudget = sli.errorRatio.some(([, ratio]) => ratio !== null && ratio > budget);
  return chartPreviewSvg(
    link,
    {
      series: [{ name: 'share of bad events', labels: {}, points: sli.errorRatio }],
      unit: 'ratio',
      range,
      thresholds: [{ value: budget, label: `error budget (${formatObjective(slo.objective)} good)` }],
    },
    overBudget ? { text: 'over budget', tone: 'danger' } : { text: 'within budget', tone: 'ok' },
  );
}
