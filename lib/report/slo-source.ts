// The SLOs a month's report measures: lib/slo's model as the report refers to it, minus those archived before
// the month began (an SLO archived mid-month still shows in that month's review). Pure.
import { describeWindow, type Slo } from '../slo/model';
import type { Sli } from '../slo/sli-query';
import { latencyThresholdSeconds } from '../slo/trace-links';
import type { ReportMonth } from './month';
import type { SloRef } from './types';

export interface ReportSlo {
  ref: SloRef;
  sli: Sli;
  archivedAtMs: number | null;
}

export function reportSlo(slo: Slo, archivedAtMs: number | null = null): ReportSlo {
  const threshold = latencyThresholdSeconds(slo.sli);
  return {
    ref: {
      id: slo.id,
      name: slo.name,
      service: slo.service,
      description: slo.description,
      objective: slo.objective,
      windowLabel: describeWindow(slo.window),
      latencyThresholdMs: threshold === null ? null : Math.round(threshold * 1000),
    },
    sli: slo.sli,
    archivedAtMs,
  };
}

/** The SLOs in force during the month, by service then name; one per id. */
export function slosForMonth(slos: readonly ReportSlo[], month: ReportMonth): ReportSlo[] {
  const byId = new Map<string, ReportSlo>();
  for (const slo of slos) if (slo.archivedAtMs === null || slo.archivedAtMs > month.startMs) byId.set(slo.ref.id, slo);
  return [...byId.values()].sort((a, b) => a.ref.service.localeCompare(b.ref.service) || a.ref.name.localeCompare(b.ref.name));
}
