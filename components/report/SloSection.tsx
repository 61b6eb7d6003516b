'use client';
// SLO attainment: per SLO the month's SLI against its objective, budget spent, met or missed and the change
// from last month; then the day x service heatmap and, as text, the days that missed with links to traces.
import Link from 'next/link';
import { EmptyState } from '@/components/shell/EmptyState';
import { formatAttainment, formatPoints, formatShare } from '@/lib/report/format';
import { monthTitle } from '@/lib/report/month';
import type { SloSection as SloSectionData } from '@/lib/report/types';
import { AttainmentHeatmap, HeatmapLegend } from './AttainmentHeatmap';
import styles from './report.module.css';

function formatLatency(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

function Change({ points, higherIsBetter }: { points: number | null; higherIsBetter: boolean }) {
  if (points === null) return <span className="muted">–</span>;
  const better = higherIsBetter ? points > 0 : points < 0;
  const className = Math.abs(points) < 0.0005 ? undefined : better ? styles.up : styles.down;
  return <span className={className}>{formatPoints(points, higherIsBetter ? 3 : 0)}</span>;
}

export function SloSection({ data, previousLabel }: { data: SloSectionData; previousLabel: string }) {
  if (data.slos.length === 0) {
    return (
      <EmptyState
        compact
        headingLevel={3}
        title="No SLOs are defined"
        description="Define SLOs (or import them from Sloth or OpenSLO) to see their attainment here."
        action={
          <Link className="btn" href="/slo">
            Go to SLOs
          </Link>
        }
      />
    );
  }
  const missedDays = data.slos
    .map((slo) => ({ slo, days: slo.days.filter((day) => day.burnRate !== null && day.burnRate > 1) }))
    .filter((entry) => entry.days.length > 0);
  return (
    <>
      <div className={styles.tableWrap}>
        <table className="table" data-testid="slo-table">
          <thead>
            <tr>
              <th>SLO</th>
              <th>Service</th>
              <th className={styles.num}>Objective</th>
              <th className={styles.num}>Attainment</th>
              <th className={styles.num}>Budget spent</th>
              <th>Status</th>
              <th className={styles.num}>vs {monthTitle(previousLabel)}</th>
              <th className={styles.num}>Days with data</th>
            </tr>
          </thead>
          <tbody>
            {data.slos.map((row) => (
              <tr key={row.slo.id}>
                <td>
                  <Link href={`/slo/${encodeURIComponent(row.slo.id)}`}>{row.slo.name}</Link>
                  <div className={styles.small}>{row.slo.windowLabel}</div>
                </td>
                <td>{row.slo.service}</td>
                <td className={styles.num}>{formatAttainment(row.slo.objective)}</td>
                <td className={styles.num}>{row.month ? formatAttainment(row.month.attainment) : <span className="badge badge-danger">failed</span>}</td>
                <td className={styles.num}>{row.month ? formatShare(row.month.budgetSpent) : '–'}</td>
                <td>
                  {!row.month ? (
                    <span className="muted">unknown</span>
                  ) : row.month.met === null ? (
                    <span className="muted">no data</span>
                  ) : row.month.met ? (
                    <span className={styles.met}>met</span>
                  ) : (
                    <span className={styles.missed}>missed</span>
                  )}
                </td>
                <td
                  className={styles.num}
                  title={row.previousFailure ? `${monthTitle(previousLabel)} could not be read: ${row.previousFailure.message}` : row.previous?.attainment == null ? `${monthTitle(previousLabel)} has no data to compare with` : undefined}
                >
                  <Change points={row.change.attainmentPoints} higherIsBetter />
                </td>
                <td className={styles.num}>{row.month ? `${row.month.daysWithData} / ${row.days.length}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AttainmentHeatmap slos={data.slos} days={data.days} />
      <HeatmapLegend />
      {missedDays.length > 0 && (
        <ul className={styles.redDays} data-testid="missed-days">
          {missedDays.map(({ slo, days }) => (
            <li key={slo.slo.id}>
              <strong>
                {slo.slo.service} · {slo.slo.name}
              </strong>{' '}
              missed on{' '}
              <span className={styles.chips}>
                {days.map((day) => (
                  <Link key={day.date} className={styles.dayLink} href={day.failedTracesHref} title={`${day.date}: failed traces of ${slo.slo.service}`}>
                    {day.date.slice(5)}
                  </Link>
                ))}
              </span>
              {slo.slo.latencyThresholdMs !== null && (
                <div className={styles.noPrint}>
                  <span className={styles.small}>slower than {formatLatency(slo.slo.latencyThresholdMs)} those days: </span>
                  <span className={styles.chips}>
                    {days.map((day) =>
                      day.slowTracesHref ? (
                        <Link key={day.date} className={styles.small} href={day.slowTracesHref} title={`${day.date}: traces of ${slo.slo.service} slower than ${formatLatency(slo.slo.latencyThresholdMs ?? 0)}`}>
                          {day.date.slice(5)}
                        </Link>
                      ) : null,
                    )}
                  </span>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className={styles.method}>{data.method}</p>
    </>
  );
}
