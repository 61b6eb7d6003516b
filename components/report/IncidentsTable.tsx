'use client';
// The alerts that fired in the month: start, end, duration, time to resolve, severity, whether an SLO was
// burning, and the way to their traces (exemplars at the time, else a trace search of the service).
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/shell/EmptyState';
import { SeverityBadge } from '@/components/investigation/home/SeverityBadge';
import { severityRank } from '@/lib/investigation/alerts/alert-list';
import { formatSpan, formatZoned, formatZonedTime } from '@/lib/report/format';
import type { AlertEpisode, EpisodeMatch, IncidentsSection } from '@/lib/report/types';
import styles from './report.module.css';

const COLLAPSED_ROWS = 25;

function sameDay(a: number, b: number, timeZone: string): boolean {
  return formatZoned(a, timeZone).slice(0, 10) === formatZoned(b, timeZone).slice(0, 10);
}

function Traces({ episode }: { episode: AlertEpisode }) {
  return (
    <span className={styles.chips}>
      {episode.exemplars.map((exemplar, index) => (
        <Link key={exemplar.traceId} href={exemplar.href} title={`Exemplar trace ${exemplar.traceId}`} data-testid="incident-exemplar">
          trace {index + 1}
        </Link>
      ))}
      <Link href={episode.failedTracesHref} title="Failed traces of the service at the time (Tempo search)">
        failed
      </Link>
      <Link href={episode.tracesHref} title="All traces of the service at the time (Tempo search)">
        all
      </Link>
    </span>
  );
}

export function IncidentsTable({ data, matches, timeZone }: { data: IncidentsSection; matches: Map<string, EpisodeMatch> | null; timeZone: string }) {
  const [severity, setSeverity] = useState('all');
  const [expanded, setExpanded] = useState(false);
  const severities = useMemo(
    () => [...new Set(data.episodes.map((episode) => episode.severity ?? 'none'))].sort((a, b) => severityRank(a === 'none' ? null : a) - severityRank(b === 'none' ? null : b)),
    [data.episodes],
  );
  const filtered = useMemo(() => data.episodes.filter((episode) => severity === 'all' || (episode.severity ?? 'none') === severity), [data.episodes, severity]);
  if (data.episodes.length === 0) {
    return <EmptyState compact headingLevel={3} title="No alerts fired this month" description="Prometheus' ALERTS history holds no firing alert in the month." />;
  }
  const shown = expanded ? filtered : filtered.slice(0, COLLAPSED_ROWS);
  const counts = severities.map((name) => `${data.episodes.filter((e) => (e.severity ?? 'none') === name).length} ${name}`).join(', ');
  return (
    <>
      <p>
        <strong>{data.episodes.length}</strong> alert episodes fired ({counts}). Times are in {timeZone}, to within {formatSpan(data.stepMs)}.
      </p>
      <div className={styles.filterBar}>
        <label>
          Severity{' '}
          <select className={`input ${styles.inlineSelect}`} value={severity} onChange={(event) => setSeverity(event.target.value)} aria-label="Filter by severity">
            <option value="all">all ({data.episodes.length})</option>
            {severities.map((name) => (
              <option key={name} value={name}>
                {name} ({data.episodes.filter((e) => (e.severity ?? 'none') === name).length})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className={styles.tableWrap}>
        <table className="table" data-testid="incidents-table">
          <thead>
            <tr>
              <th>Alert</th>
              <th>Severity</th>
              <th>Service</th>
              <th>Start</th>
              <th>End</th>
              <th className={styles.num}>Duration</th>
              <th className={styles.num} title="From the condition first holding (pending) to resolution">
                Time to resolve
              </th>
              <th title="Did it begin during an SLO burn?">SLO burn</th>
              <th>Traces</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((episode) => {
              const match = matches?.get(episode.ref);
              return (
                <tr key={episode.ref} data-testid="incident-row">
                  <td>
                    <Link href={episode.alertHref}>{episode.name}</Link>
                    {episode.summary && <div className={styles.small}>{episode.summary}</div>}
                  </td>
                  <td>
                    <SeverityBadge severity={episode.severity} />
                  </td>
                  <td>{episode.service ?? '–'}</td>
                  <td className={styles.nowrap}>
                    {episode.startedBeforeMonth ? <span title="Already firing when the month began">≤ </span> : null}
                    {formatZoned(episode.startMs, timeZone)}
                  </td>
                  <td className={styles.nowrap}>{episode.ongoing ? <span className="badge badge-warning">still firing</span> : sameDay(episode.startMs, episode.endMs, timeZone) ? formatZonedTime(episode.endMs, timeZone) : formatZoned(episode.endMs, timeZone)}</td>
                  <td className={styles.num}>{formatSpan(episode.durationMs)}</td>
                  <td className={styles.num}>{episode.ongoing ? '–' : formatSpan(episode.timeToResolveMs)}</td>
                  <td>{match === undefined ? <span className="muted">–</span> : match.matters ? <span className="badge badge-ok">yes</span> : <span className="badge">no</span>}</td>
                  <td>
                    <Traces episode={episode} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {filtered.length > COLLAPSED_ROWS && (
        <p>
          <button type="button" className="btn btn-ghost" onClick={() => setExpanded(!expanded)}>
            {expanded ? `Show the first ${COLLAPSED_ROWS}` : `Show all ${filtered.length}`}
          </button>
          <span className={styles.printOnly}>
            {filtered.length - shown.length} more episodes are listed in Weft and in the Markdown export.
          </span>
        </p>
      )}
      <p className={styles.method}>{data.exemplarNote}</p>
    </>
  );
}
