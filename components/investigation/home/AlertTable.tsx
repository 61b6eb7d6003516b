import Link from 'next/link';
import type { AlertGroup, HomeAlertRow } from '@/lib/investigation/alerts/alert-list';
import { formatSpan } from '@/lib/investigation/alerts/relative-time';
import { formatInstant } from '@/lib/time-range';
import { SeverityBadge } from './SeverityBadge';
import { TimeAgo } from './TimeAgo';
import styles from './home.module.css';

// Labels every row already shows in its own column, or that say nothing about which instance this is.
const SHOWN_LABELS = new Set(['alertname', 'severity', 'service', 'service_name']);
const MAX_EXTRA_LABELS = 4;

function extraLabels(row: HomeAlertRow, hidden: ReadonlySet<string>): [string, string][] {
  return Object.entries(row.labels)
    .filter(([name]) => !SHOWN_LABELS.has(name) && !hidden.has(name))
    .slice(0, MAX_EXTRA_LABELS);
}

/** Labels with the same value on every row of a group: said once in the group's header, not on each row. */
function commonLabels(rows: readonly HomeAlertRow[]): [string, string][] {
  const [first, ...rest] = rows;
  if (!first) return [];
  return Object.entries(first.labels).filter(([name, value]) => !SHOWN_LABELS.has(name) && rest.every((row) => Object.hasOwn(row.labels, name) && row.labels[name] === value));
}

function LabelList({ labels }: { labels: [string, string][] }) {
  return (
    <span className={styles.labels}>
      {labels.map(([name, value]) => (
        <span key={name} className="mono">
          {name}={value}
        </span>
      ))}
    </span>
  );
}

/** First to last step seen firing; one step means it fired for a single evaluation. */
function lasted(firstSeenMs: number, lastSeenMs: number): string {
  return lastSeenMs <= firstSeenMs ? 'one evaluation' : formatSpan(lastSeenMs - firstSeenMs);
}

const STATE_CLASS: Record<HomeAlertRow['state'], string> = {
  firing: 'badge badge-danger',
  pending: 'badge badge-warning',
  suppressed: 'badge',
  resolved: 'badge badge-ok',
};

function Row({ row, kind, nowMs, hidden }: { row: HomeAlertRow; kind: 'current' | 'resolved'; nowMs: number; hidden: ReadonlySet<string> }) {
  const extras = extraLabels(row, hidden);
  return (
    <tr data-testid="alert-row" data-alert={row.name} data-state={row.state}>
      <td>
        <SeverityBadge severity={row.severity} />
      </td>
      <td>
        <Link href={row.href} className={styles.alertName}>
          {row.name}
        </Link>
        {extras.length > 0 && (
          <div>
            <LabelList labels={extras} />
          </div>
        )}
      </td>
      <td>{row.service ?? <span className="muted">—</span>}</td>
      <td className={styles.summary}>{row.summary ?? <span className="muted">—</span>}</td>
      {kind === 'current' ? (
        <>
          <td>
            <span className={STATE_CLASS[row.state]}>{row.state}</span>
          </td>
          <td className={styles.nowrap}>{row.sinceMs !== null ? <TimeAgo atMs={row.sinceMs} nowMs={nowMs} /> : <span className="muted">unknown</span>}</td>
        </>
      ) : (
        <>
          <td className={styles.nowrap}>{row.sinceMs !== null ? <TimeAgo atMs={row.sinceMs} nowMs={nowMs} /> : null}</td>
          <td className={styles.nowrap}>
            {row.sinceMs !== null && row.lastSeenMs !== null ? (
              <span title={`Last seen firing ${formatInstant(row.lastSeenMs)}`}>{lasted(row.sinceMs, row.lastSeenMs)}</span>
            ) : null}
          </td>
        </>
      )}
    </tr>
  );
}

/** Alerts grouped by name: a group of several instances gets a header row naming the alert and the count. */
export function AlertTable({ groups, kind, nowMs, caption }: { groups: AlertGroup[]; kind: 'current' | 'resolved'; nowMs: number; caption: string }) {
  return (
    <div className={styles.tableWrap}>
      <table className={`table ${styles.table}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            <th scope="col">Service</th>
            <th scope="col">Summary</th>
            {kind === 'current' ? (
              <>
                <th scope="col">State</th>
                <th scope="col">Since</th>
              </>
            ) : (
              <>
                <th scope="col">Fired</th>
                <th scope="col">Lasted</th>
              </>
            )}
          </tr>
        </thead>
        {groups.map((group) => {
          const grouped = group.rows.length > 1;
          const common = grouped ? commonLabels(group.rows) : [];
          const hidden = new Set(common.map(([name]) => name));
          return (
            <tbody key={group.name}>
              {grouped && (
                <tr className={styles.groupHeader}>
                  <th scope="rowgroup" colSpan={6}>
                    {group.name}{' '}
                    <span className="muted">
                      · {group.rows.length} {kind === 'current' ? 'instances' : 'episodes'}
                    </span>{' '}
                    <LabelList labels={common} />
                  </th>
                </tr>
              )}
              {group.rows.map((row) => (
                <Row key={row.key} row={row} kind={kind} nowMs={nowMs} hidden={hidden} />
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
