import { describe, expect, it } from 'vitest';
import { alertQuality } from './alert-quality';
import { cell, reportMarkdown } from './markdown';
import { reportMonth } from './month';
import type { ActionItemView, AlertEpisode, ReportData, SloAttainment } from './types';

const month = reportMonth('2026-10', 'Europe/Berlin');
const T0 = Date.parse('2026-10-21T12:00:00Z');
const MIN = 60_000;

const slo: SloAttainment = {
  slo: { id: 's1', name: 'checkout-availability', service: 'gateway', description: '', objective: 0.999, windowLabel: '30 days rolling', latencyThresholdMs: null },
  month: { badEvents: 600, totalEvents: 100_000, attainment: 0.994, budgetSpent: 6, met: false, daysWithData: 31 },
  previous: { badEvents: 50, totalEvents: 100_000, attainment: 0.9995, budgetSpent: 0.5, met: true, daysWithData: 30 },
  change: { attainmentPoints: -0.55, budgetSpentPoints: 550 },
  days: [
    { date: '2026-10-20', startMs: T0 - 36 * 60 * MIN, endMs: T0 - 12 * 60 * MIN, badEvents: 0, totalEvents: 3000, attainment: 1, burnRate: 0, budgetSpent: 0, failedTracesHref: '/traces?service=gateway&status=error&from=1&to=2', slowTracesHref: null },
    { date: '2026-10-21', startMs: T0 - 12 * 60 * MIN, endMs: T0 + 12 * 60 * MIN, badEvents: 600, totalEvents: 3000, attainment: 0.8, burnRate: 200, budgetSpent: 6, failedTracesHref: '/traces?service=gateway&status=error&from=3&to=4', slowTracesHref: null },
  ],
  burns: [{ sloId: 's1', startMs: T0, endMs: T0 + 60 * MIN, peakBurnRate: 350, budgetShare: 0.4 }],
  failure: null,
  previousFailure: null,
};

const episode: AlertEpisode = {
  ref: `OrderHighErrorRate@${T0 + 5 * MIN}`,
  name: 'OrderHighErrorRate',
  labels: { alertname: 'OrderHighErrorRate', service: 'order', severity: 'page' },
  fingerprint: 'f',
  severity: 'page',
  service: 'order',
  summary: 'Order service 5xx ratio above 5%',
  startMs: T0 + 5 * MIN,
  endMs: T0 + 50 * MIN,
  durationMs: 45 * MIN,
  pendingStartMs: T0,
  timeToResolveMs: 50 * MIN,
  ongoing: false,
  startedBeforeMonth: false,
  alertHref: '/alerts/OrderHighErrorRate?labels=%7B%7D&from=1&to=2',
  tracesHref: '/traces?service=order&from=1&to=2',
  failedTracesHref: '/traces?service=order&status=error&from=1&to=2',
  exemplars: [{ traceId: '0af7651916cd43dd8448eb211c80319c', timeMs: T0 + 10 * MIN, value: 1, href: '/trace/0af7651916cd43dd8448eb211c80319c?from=1&to=2' }],
  exemplarLookup: 'found',
};

const item: ActionItemView = {
  id: 'a1',
  title: 'Pool | queue limits (see *runbook*)',
  owner: 'orders team',
  dueDate: '2026-11-15',
  status: 'in_progress',
  ticketUrl: 'https://tickets.example/OPS-42',
  notes: '',
  sloId: 's1',
  incidentRef: episode.ref,
  reportMonth: '2026-09',
  carriedOver: true,
  createdAtMs: 0,
  updatedAtMs: 0,
  closedAtMs: null,
  version: 3,
};

function report(overrides: Partial<ReportData['sections']> = {}): ReportData {
  const section = <T,>(key: 'slos' | 'incidents' | 'alert-quality' | 'coverage' | 'maturity', data: T) => ({ status: 'ok' as const, section: { key, computedAtMs: 0, tookMs: 1, data, problems: [] } });
  return {
    dataVersion: 1,
    month,
    generatedAtMs: Date.parse('2026-11-02T09:30:00Z'),
    actionItems: [item],
    sections: {
      slos: section('slos', { slos: [slo], days: slo.days, method: 'm' }),
      incidents: section('incidents', { episodes: [episode], stepMs: MIN, truncated: false, exemplarNote: 'n' }),
      'alert-quality': section('alert-quality', alertQuality([episode], slo.burns, [slo.slo])),
      coverage: section('coverage', {
        services: [{ service: 'order', sendsTraces: true, logShare: 0.9, sendsProfiles: true, hasSlo: false }],
        logs: { serviceLabel: 'service_name', windows: [{ startMs: T0, endMs: T0 + 60 * MIN }], windowsWithData: 1, services: [], lines: 1000, withTraceId: 900, share: 0.9 },
        traceLogs: { windows: [], sampled: 10, withLogs: 8, share: 0.8, byRootService: [], failedLookups: 0 },
        profiles: { profiled: ['order'] },
        serviceSources: ['tempo'],
      }),
      maturity: section('maturity', {
        scores: [
          { axis: 'collection-coverage', label: 'Collection coverage', value: 85, source: 'measured', detail: 'Mean of …', entered: null },
          { axis: 'self-service', label: 'Self-service use', value: 60, source: 'entered', detail: 'Not measurable', entered: { value: 60, note: 'Most teams self-serve', updatedBy: 'Ada', updatedAtMs: 0 } },
        ],
      }),
      ...overrides,
    },
  };
}

describe('reportMarkdown', () => {
  it('writes the month in its zone, each section as a table, and links made absolute', () => {
    const text = reportMarkdown(report(), { snapshot: { frozenAtMs: Date.parse('2026-11-02T09:14:00Z'), frozenBy: 'Ada', dataVersion: 1 }, origin: 'https://weft.example' });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# Monthly review: October 2026',
      '',
      'Snapshot frozen at 2026-11-02 10:14 (Europe/Berlin) by Ada. Calendar month in Europe/Berlin: 2026-10-01 00:00 to 2026-11-01 00:00, 31 days.',
    ]);
    expect(text).toContain('| SLO | Service | Objective | Attainment | Budget spent | Status | Change vs September 2026 |');
    expect(text).toContain('| checkout-availability | gateway | 99.9 % | 99.4 % | 600 % | missed | −0.55 pp |');
    expect(text).toContain('- gateway/checkout-availability: [10-21](https://weft.example/traces?service=gateway&status=error&from=3&to=4)');
    expect(text).not.toContain('[10-20]');
    // Incident row: times in the report's zone, matched to the burn, the exemplar as the trace link.
    expect(text).toContain('1 alert episodes fired (1 page).');
    expect(text).toContain(
      '| [OrderHighErrorRate](https://weft.example/alerts/OrderHighErrorRate?labels=%7B%7D&from=1&to=2) | page | order | 2026-10-21 14:05 | 2026-10-21 14:50 | 45 min | 50 min | yes | [exemplar 1](https://weft.example/trace/0af7651916cd43dd8448eb211c80319c?from=1&to=2) |',
    );
    expect(text).toContain('1 of 1 alert episodes (100 %) coincided with a real SLO burn');
    expect(text).toContain('Log lines carrying a trace id: 90 % of 1,000 lines, sampled over 1 one-hour windows (1 with logs): 2026-10-21 14:00.');
    expect(text).toContain('Traces with matching logs: 8 of 10 sampled traces (80 %).');
    expect(text).toContain('| order | yes | 90 % | yes | no |');
    expect(text).toContain('| Self-service use | 60 / 100 | entered by Ada | Most teams self-serve |');
    // Cells are escaped: a pipe or emphasis in a title cannot break the table.
    expect(text).toContain('| In progress | Pool \\| queue limits (see \\*runbook\\*) | orders team | 2026-11-15 | [ticket](https://tickets.example/OPS-42) | SLO s1, incident OrderHighErrorRate@');
    expect(text).toContain('| 2026-09 (carried over) |');
  });

  it('says "live" and names what failed instead of printing zeros', () => {
    const text = reportMarkdown(
      report({ incidents: { status: 'error', key: 'incidents', computedAtMs: 0, problems: [{ what: 'Alert history (ALERTS)', source: 'prometheus', kind: 'timeout', message: 'Prometheus did not answer within 90 s' }] } }),
      { snapshot: null },
    );
    expect(text).toContain('Live numbers as of 2026-11-02 10:30 (Europe/Berlin).');
    expect(text).toContain('_Incidents could not be computed: Alert history (ALERTS) (prometheus: Prometheus did not answer within 90 s)._');
    // Relative links without an origin.
    expect(text).toContain('[10-21](/traces?service=gateway&status=error&from=3&to=4)');
  });

  it('escapes table cells', () => {
    expect(cell('a | b\nc `d` [e](f) <g>')).toBe('a \\| b c \\`d\\` \\[e\\](f) \\<g\\>');
  });
});
