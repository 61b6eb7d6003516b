// The months of /reports, newest first: the running one, then those that have ended, each with its snapshot.
import Link from 'next/link';
import { formatZoned } from '@/lib/report/format';
import { monthTitle } from '@/lib/report/month';
import type { MonthListEntry } from '@/lib/report/api-types';
import styles from './report.module.css';

export function MonthList({ timeZone, months }: { timeZone: string; months: MonthListEntry[] }) {
  return (
    <section className={styles.section} aria-label="Months">
      <p className="muted">Calendar months in {timeZone} (the configured time zone; a report can be cut in another zone from its page).</p>
      <table className="table" data-testid="report-months">
        <thead>
          <tr>
            <th>Month</th>
            <th>State</th>
            <th>Snapshot</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.label}>
              <td>
                <Link href={`/reports/${month.label}`}>{monthTitle(month.label)}</Link>
              </td>
              <td>{month.state === 'current' ? <span className="badge badge-warning">running</span> : <span className="badge">ended</span>}</td>
              <td>
                {month.snapshot ? (
                  <span>
                    frozen {formatZoned(month.snapshot.frozenAtMs, timeZone)}
                    {month.snapshot.frozenBy ? ` by ${month.snapshot.frozenBy}` : ''}
                  </span>
                ) : (
                  <span className="muted">live only</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
