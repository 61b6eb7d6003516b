// The slowest and the failed traces of the alert's service in the window (Tempo search): the way on to a trace
// when the metrics carry no exemplars.
import Link from 'next/link';
import { EmptyState } from '@/components/shell/EmptyState';
import { SourceError } from '@/components/investigation/trace/SourceError';
import { formatDurationMs } from '@/lib/charts/format';
import type { SourceResult } from '@/lib/correlate/source-result';
import type { AlertTraces } from '@/lib/investigation/alerts/types';
import { formatInstant } from '@/lib/time-range';
import { shortInstant } from './format';
import styles from './alert-view.module.css';

function TraceTable({ traces, windowEndMs, testId }: { traces: AlertTraces; windowEndMs: number; testId: string }) {
  return (
    <table className={`table ${styles.smallTable}`} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Trace</th>
          <th scope="col">Root</th>
          <th scope="col">Start (UTC)</th>
          <th scope="col" className={styles.num}>
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {traces.traces.map((trace) => (
          <tr key={trace.traceId}>
            <td>
              <Link href={trace.href} className={styles.traceLink} title={trace.traceId}>
                {trace.traceId.slice(0, 12)}…
              </Link>
            </td>
            <td className={styles.root}>
              <span className="muted">{trace.rootServiceName}</span> {trace.rootTraceName}
            </td>
            <td className={styles.nowrap} title={formatInstant(trace.startMs)}>
              {shortInstant(trace.startMs, windowEndMs)}
            </td>
            <td className={styles.num}>{formatDurationMs(trace.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TracesSection({
  title,
  result,
  emptyText,
  windowEndMs,
  testId,
  onRetry,
  note,
}: {
  title: string;
  result: SourceResult<AlertTraces>;
  emptyText: string;
  windowEndMs: number;
  testId: string;
  onRetry: () => void;
  note: (traces: AlertTraces) => string | null;
}) {
  return (
    <section className={styles.panel} aria-label={title}>
      <h2>{title}</h2>
      {result.status === 'error' ? (
        <SourceError error={result.error} what={title} onRetry={onRetry} />
      ) : result.data.traces.length === 0 ? (
        <EmptyState compact headingLevel={3} title="None in this window" description={emptyText} />
      ) : (
        <>
          <TraceTable traces={result.data} windowEndMs={windowEndMs} testId={testId} />
          {note(result.data) && <p className={styles.meta}>{note(result.data)}</p>}
        </>
      )}
      {result.status === 'ok' && (
        <p className={styles.meta}>
          TraceQL <code>{result.data.query}</code>
        </p>
      )}
    </section>
  );
}

export function AlertTracesPanel({
  service,
  slowest,
  failed,
  windowEndMs,
  searchHref,
  onRetry,
}: {
  service: string | null;
  slowest: SourceResult<AlertTraces> | null;
  failed: SourceResult<AlertTraces> | null;
  windowEndMs: number;
  searchHref: string;
  onRetry: () => void;
}) {
  if (service === null || slowest === null || failed === null) {
    return (
      <section className={styles.panel} aria-label="Traces">
        <h2>Traces</h2>
        <EmptyState
          compact
          headingLevel={3}
          title="This alert names no service"
          description={
            <>
              None of its labels (service, service_name, job) says which service to search. <Link href={searchHref}>Search traces</Link> by hand.
            </>
          }
        />
      </section>
    );
  }
  return (
    <>
      <TracesSection
        title={`Slowest traces of ${service}`}
        result={slowest}
        emptyText={`Tempo has no traces of ${service} in this window.`}
        windowEndMs={windowEndMs}
        testId="slowest-traces"
        onRetry={onRetry}
        note={(traces) => (traces.truncated ? `The slowest of the ${traces.inspected} traces Tempo returned; it has more in this window.` : null)}
      />
      <TracesSection
        title={`Failed traces of ${service}`}
        result={failed}
        emptyText={`No span of ${service} ended with an error in this window.`}
        windowEndMs={windowEndMs}
        testId="failed-traces"
        onRetry={onRetry}
        note={(traces) => (traces.truncated ? `Showing ${traces.traces.length}; more exist.` : null)}
      />
    </>
  );
}
