// The trace view's header: root span, service, duration, span and error counts, services with their colours,
// the absolute start time with its zone, a slot for the share button and a way back to trace search.
import Link from 'next/link';
import { ShareButton } from '@/components/share/ShareButton';
import { serviceColor } from '@/components/waterfall/service-colors';
import { formatCount, formatDurationUs } from '@/lib/trace-view/format';
import type { TraceSummary } from '@/lib/investigation/trace-summary';
import { hrefWithTimeRange, type RawTimeRange } from '@/lib/time-range';
import { formatStartTime } from '@/lib/investigation/trace-summary';
import styles from './trace-view.module.css';
import { useAfterPaint } from './use-after-paint';

/**
 * Where the permalink helper mounts its "Share" button (issue: permalinks). It receives the view through the
 * URL; this container only reserves the place and names the view.
 */
export function ShareSlot({ view }: { view: 'trace' }) {
  return (
    <div id="share-slot" className={styles.shareSlot} data-share-view={view} data-testid="share-slot">
      <ShareButton view="current" />
    </div>
  );
}

/**
 * The start in the reader's zone, written just after the first paint: the page's first Intl.DateTimeFormat
 * (locale and zone data) costs ~15-45 ms that the waterfall's first rows need not wait for.
 */
function StartTime({ ms }: { ms: number }) {
  const shown = useAfterPaint<number | null>(ms, null);
  return (
    <time dateTime={new Date(ms).toISOString()} data-testid="trace-start">
      {shown === null ? '…' : formatStartTime(shown)}
    </time>
  );
}

export function TraceHeader({ traceId, summary, range }: { traceId: string; summary: TraceSummary; range: RawTimeRange | null }) {
  return (
    <header className={styles.header} data-testid="trace-header">
      <div className={styles.headerMain}>
        <p className={styles.eyebrow}>
          Trace <span className="mono">{traceId}</span>
        </p>
        <h1 className={styles.title}>
          <span className={styles.serviceDot} style={{ background: serviceColor(summary.services.find((s) => s.name === summary.rootService)?.colorIndex ?? 0) }} />
          <span className={styles.rootService}>{summary.rootService}</span>
          <span>{summary.rootName}</span>
        </h1>
        <dl className={styles.facts}>
          <div>
            <dt>Duration</dt>
            <dd data-testid="trace-duration">{formatDurationUs(summary.durationMs * 1000)}</dd>
          </div>
          <div>
            <dt>Spans</dt>
            <dd data-testid="trace-span-count">{formatCount(summary.spanCount)}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd data-testid="trace-error-count" className={summary.errorCount > 0 ? styles.errorText : undefined}>
              {formatCount(summary.errorCount)}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <StartTime ms={summary.startMs} />
            </dd>
          </div>
        </dl>
        <ul className={styles.services} aria-label="Services in this trace">
          {summary.services.map((service) => (
            <li key={service.name} title={`${service.spanCount} spans, ${service.errorCount} errors`}>
              <span className={styles.serviceDot} style={{ background: serviceColor(service.colorIndex) }} />
              {service.name}
              <span className="muted"> {formatCount(service.spanCount)}</span>
              {service.errorCount > 0 ? <span className={styles.errorText}> · {service.errorCount} err</span> : null}
            </li>
          ))}
        </ul>
      </div>
      <div className={styles.headerActions}>
        <ShareSlot view="trace" />
        <Link className="btn" href={range ? hrefWithTimeRange('/traces', range) : '/traces'}>
          Search traces
        </Link>
      </div>
    </header>
  );
}
