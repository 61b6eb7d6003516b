'use client';
// Telemetry coverage per service: the share of log lines carrying a trace id, whether it sends profiles and has
// an SLO; the share of traces with matching logs. Both log numbers are sampled, and the panel says over what.
import { EmptyState } from '@/components/shell/EmptyState';
import { formatCount, formatShare, formatZoned } from '@/lib/report/format';
import type { CoverageSection } from '@/lib/report/types';
import styles from './report.module.css';

function ShareBar({ share }: { share: number | null }) {
  if (share === null) return <span className="muted">–</span>;
  return (
    <span className={styles.nowrap}>
      <span className={styles.bar} aria-hidden="true">
        <span className={styles.barFill} style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      {formatShare(share)}
    </span>
  );
}

function YesNo({ value }: { value: boolean | null }) {
  if (value === null) return <span className="muted">unknown</span>;
  return value ? <span className="badge badge-ok">yes</span> : <span className="badge badge-danger">no</span>;
}

export function CoveragePanel({ data, timeZone }: { data: CoverageSection; timeZone: string }) {
  if (data.services.length === 0) return <EmptyState compact headingLevel={3} title="No services found" description="Neither Tempo nor Loki named a service this month, and no SLO names one." />;
  const logs = data.logs;
  const traceLogs = data.traceLogs;
  return (
    <>
      <div className={styles.bigNumbers}>
        <div className={styles.bigNumber} data-testid="log-trace-share">
          <strong>{formatShare(logs?.share ?? null)}</strong>
          <span>of log lines carry a trace id{logs ? ` (${formatCount(logs.withTraceId)} of ${formatCount(logs.lines)} sampled lines)` : ''}</span>
        </div>
        <div className={styles.bigNumber} data-testid="trace-log-share">
          <strong>{formatShare(traceLogs?.share ?? null)}</strong>
          <span>of sampled traces have matching logs{traceLogs ? ` (${traceLogs.withLogs} of ${traceLogs.sampled})` : ''}</span>
        </div>
        <div className={styles.bigNumber}>
          <strong>{data.services.some((row) => row.sendsTraces !== null) ? `${data.services.filter((row) => row.sendsTraces).length} / ${data.services.length}` : '–'}</strong>
          <span>services send traces</span>
        </div>
        <div className={styles.bigNumber}>
          <strong>
            {data.profiles ? `${data.services.filter((row) => row.sendsProfiles).length} / ${data.services.length}` : '–'}
          </strong>
          <span>services send profiles</span>
        </div>
      </div>
      <div className={styles.tableWrap}>
        <table className="table" data-testid="coverage-table">
          <thead>
            <tr>
              <th>Service</th>
              <th>Sends traces</th>
              <th>Log lines with a trace id</th>
              <th>Sends profiles</th>
              <th>Has an SLO</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((row) => (
              <tr key={row.service}>
                <td>{row.service}</td>
                <td>
                  <YesNo value={row.sendsTraces} />
                </td>
                <td>
                  <ShareBar share={row.logShare} />
                </td>
                <td>
                  <YesNo value={row.sendsProfiles} />
                </td>
                <td>{row.hasSlo ? <span className="badge badge-ok">yes</span> : <span className="badge">no</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.method}>
        Sampled, not scanned: a month of logs is too much to read for one page.{' '}
        {logs
          ? `Log lines were counted in ${logs.windows.length} one-hour windows spread over the month (${logs.windowsWithData} held logs; ${timeZone}): ${logs.windows.map((window) => formatZoned(window.startMs, timeZone)).join(', ')}. A line counts when it carries a trace id (a trace_id/traceID field with a hex id, a W3C traceparent, or trace_id structured metadata); services are told apart by the stream label ${logs.serviceLabel}.`
          : 'Log lines could not be counted.'}{' '}
        {traceLogs
          ? `${traceLogs.sampled} traces were drawn from Tempo in ${traceLogs.windows.length} of those hours and looked up in Loki by their id${traceLogs.failedLookups > 0 ? ` (${traceLogs.failedLookups} lookups failed and are not counted)` : ''}.`
          : ''}{' '}
        Profiles: the services Pyroscope names in its service_name label over the month. Services are those Tempo{data.serviceSources.includes('loki') ? ', Loki' : ''} and the SLOs name.
      </p>
    </>
  );
}
