// Where an incident links into the investigation: the trace search (/traces) for the alert's service at the
// time, all or failed only (SLO days use lib/slo's traceLinks). Absolute epoch-ms ranges, so a link shows
// the same moment whenever it is opened. Pure.

export interface TraceSearchLink {
  service: string | null;
  fromMs: number;
  toMs: number;
  /** Only failed traces. */
  failed?: boolean;
  /** Only traces at least this long (ms). */
  minDurationMs?: number;
}

/** "1s", "250ms": the search form's own duration syntax. */
function durationParam(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** /traces?service=&status=error&minDuration=&from=&to= (the search page's parameters). */
export function traceSearchHref(link: TraceSearchLink): string {
  const params = new URLSearchParams();
  if (link.service) params.set('service', link.service);
  if (link.failed) params.set('status', 'error');
  if (link.minDurationMs !== undefined && link.minDurationMs > 0) params.set('minDuration', durationParam(link.minDurationMs));
  params.set('from', String(Math.floor(link.fromMs)));
  params.set('to', String(Math.ceil(link.toMs)));
  return `/traces?${params.toString()}`;
}
