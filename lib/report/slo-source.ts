// The SLOs a month's report measures: the SLO table's definitions (lib/slo's model), minus those archived
// before the month began — an SLO archived mid-month still shows in that month's review. Pure.
import { describeWindow, type SloWindow } from '../slo/model';
import { checkSli, numeratorQuery, type Sli } from '../slo/sli-query';
import type { ReportMonth } from './month';
import type { SloRef } from './types';

export interface ReportSlo {
  ref: SloRef;
  sli: Sli;
  archivedAtMs: number | null;
}

/** The columns of an Slo row the report reads (Prisma's model, without importing the generated client). */
export interface SloRow {
  id: string;
  name: string;
  service: string;
  description: string;
  sliType: 'good' | 'bad';
  goodQuery: string | null;
  badQuery: string | null;
  totalQuery: string;
  objective: number;
  windowKind: 'rolling' | 'calendar';
  windowDays: number | null;
  calendarPeriod: 'month' | 'quarter' | null;
  timeZone: string;
  archivedAt: Date | null;
}

// le="1", le="0.25", le="+Inf": the histogram bucket a latency SLI counts against.
const LE_MATCHER = /\ble\s*=\s*"([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)"/;

/** A latency SLI's threshold in ms, read from its histogram bucket selector; null for other SLIs. */
export function latencyThresholdMs(sli: Sli): number | null {
  const query = numeratorQuery(sli);
  if (!query.includes('_bucket')) return null;
  const match = LE_MATCHER.exec(query);
  if (!match) return null;
  const seconds = Number(match[1]);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;
}

function windowOf(row: SloRow): SloWindow | null {
  if (row.windowKind === 'rolling') return row.windowDays ? { kind: 'rolling', days: row.windowDays } : null;
  return row.calendarPeriod ? { kind: 'calendar', period: row.calendarPeriod, timeZone: row.timeZone } : null;
}

/** A row as the report's SLO; null for a row whose SLI cannot be queried (it is named in the section's problems). */
export function reportSloFromRow(row: SloRow): { ok: true; slo: ReportSlo } | { ok: false; error: string } {
  const sli: Sli | null =
    row.sliType === 'bad'
      ? row.badQuery !== null
        ? { type: 'bad', badQuery: row.badQuery, totalQuery: row.totalQuery }
        : null
      : row.goodQuery !== null
        ? { type: 'good', goodQuery: row.goodQuery, totalQuery: row.totalQuery }
        : null;
  if (!sli) return { ok: false, error: `SLO ${row.service}/${row.name} has no ${row.sliType} query` };
  const checked = checkSli(sli);
  if (!checked.ok) return { ok: false, error: `SLO ${row.service}/${row.name}: ${checked.error}` };
  const window = windowOf(row);
  return {
    ok: true,
    slo: {
      ref: {
        id: row.id,
        name: row.name,
        service: row.service,
        description: row.description,
        objective: row.objective,
        windowLabel: window ? describeWindow(window) : 'unknown window',
        latencyThresholdMs: latencyThresholdMs(sli),
      },
      sli,
      archivedAtMs: row.archivedAt ? row.archivedAt.getTime() : null,
    },
  };
}

/** The SLOs in force during the month, by service then name. */
export function slosForMonth(slos: readonly ReportSlo[], month: ReportMonth): ReportSlo[] {
  return slos
    .filter((slo) => slo.archivedAtMs === null || slo.archivedAtMs > month.startMs)
    .sort((a, b) => a.ref.service.localeCompare(b.ref.service) || a.ref.name.localeCompare(b.ref.name));
}
