'use client';
// The trace's log lines beside the waterfall: virtualised (100k lines stay smooth), levels coloured,
// following the selected span (and the spans below it). JSON and logfmt lines are shown message first;
// clicking a line shows it whole.
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineLogLine } from '@/lib/correlate/place-logs';
import { filterLogLines, summariseLogLine } from '@/lib/correlate/filter-logs';
import styles from './log-panel.module.css';

export interface LogPanelProps {
  lines: TimelineLogLine[];
  /** The selected span: its lines are highlighted. */
  selectedSpanId: string | null;
  /** The lines "Only the selected span" keeps: the selected span and its descendants (default: just the span). */
  followSpanIds?: ReadonlySet<string> | null;
  /** The backend's limit cut the lines: more exist than shown. */
  truncated: boolean;
  limit: number;
  onSelectSpan?: (spanId: string) => void;
  spanNames?: ReadonlyMap<string, string>;
  /** Most height of the list in px; it shrinks to fit fewer lines. */
  height?: number;
}

const ROW_HEIGHT = 22;

function formatClock(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(11, 23);
}

/** The whole line, pretty-printed when it is JSON. */
function fullText(line: string): string {
  const text = line.trim();
  if (!text.startsWith('{')) return line;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return line;
  }
}

export function LogPanel({ lines, selectedSpanId, followSpanIds, truncated, limit, onSelectSpan, spanNames, height = 420 }: LogPanelProps) {
  const [onlySelected, setOnlySelected] = useState(true);
  const [text, setText] = useState('');
  const [openLine, setOpenLine] = useState<TimelineLogLine | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useMemo(
    () => (!onlySelected || !selectedSpanId ? null : (followSpanIds ?? new Set([selectedSpanId]))),
    [onlySelected, selectedSpanId, followSpanIds],
  );
  const visible = useMemo(() => filterLogLines(lines, { spanIds: follow, text }), [lines, follow, text]);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const listHeight = Math.min(height, visible.length * ROW_HEIGHT + 2);
  const shownOpen = openLine && visible.includes(openLine) ? openLine : null;

  return (
    <section className={styles.panel} aria-label="Log lines">
      <div className={styles.toolbar}>
        <label className={styles.check}>
          <input type="checkbox" checked={onlySelected} onChange={(event) => setOnlySelected(event.target.checked)} disabled={!selectedSpanId} />
          Only the selected span{followSpanIds && followSpanIds.size > 1 ? ' and below' : ''}
        </label>
        <input
          className={styles.search}
          type="search"
          placeholder="Filter lines"
          aria-label="Filter log lines"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <span className={styles.count} data-testid="log-count">
          {visible.length === lines.length ? `${lines.length} lines` : `${visible.length} of ${lines.length} lines`}
        </span>
      </div>
      {truncated ? (
        <p className={styles.truncated} role="status" data-testid="log-truncated">
          Showing the first {limit.toLocaleString('en-US')} lines: Loki has more for this trace. Narrow the time range to see the rest.
        </p>
      ) : null}
      {visible.length === 0 ? (
        <p className={styles.empty}>
          {lines.length === 0
            ? 'No log lines carry this trace id in the time window. Check that your services log trace_id, or widen the window.'
            : 'No lines match: clear the filter or untick "Only the selected span".'}
        </p>
      ) : (
        <div ref={scrollRef} className={styles.scroller} style={{ height: listHeight }} role="log">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = visible[item.index];
              const summary = summariseLogLine(line.line);
              const classes = [styles.row, styles[line.level], selectedSpanId !== null && line.spanId === selectedSpanId ? styles.current : '', line === shownOpen ? styles.open : ''];
              return (
                <div
                  key={item.key}
                  className={classes.join(' ')}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  data-testid="log-line"
                  data-span-id={line.spanId ?? ''}
                  data-level={line.level}
                  title={line.line}
                  onClick={() => setOpenLine(line === shownOpen ? null : line)}
                >
                  <span className={styles.time}>{formatClock(line.timeMs)}</span>
                  <span className={styles.level}>{line.level === 'unknown' ? '' : line.level}</span>
                  {line.spanId && onSelectSpan ? (
                    <button
                      type="button"
                      className={styles.spanLink}
                      title={`Select span ${spanNames?.get(line.spanId) ?? line.spanId}`}
                      onClick={(event) => {
                        event.stopPropagation();
                        onSelectSpan(line.spanId!);
                      }}
                    >
                      {spanNames?.get(line.spanId) ?? line.spanId.slice(0, 8)}
                    </button>
                  ) : (
                    <span className={styles.spanLink} title={line.placement === 'unplaced' ? 'Not placed on a span' : undefined}>
                      —
                    </span>
                  )}
                  <span className={styles.text}>
                    <span className={styles.message}>{summary.message}</span>
                    {summary.fields ? <span className={styles.fields}> {summary.fields}</span> : null}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {shownOpen ? (
        <div className={styles.detail} data-testid="log-line-detail">
          <div className={styles.detailMeta}>
            <span>{new Date(shownOpen.timeMs).toISOString().replace('T', ' ').replace('Z', ' UTC')}</span>
            <span>{Object.entries(shownOpen.labels).map(([k, v]) => `${k}=${v}`).join(' ')}</span>
            <span>{shownOpen.placement === 'span-id' ? 'placed by its span id' : shownOpen.placement === 'time' ? 'placed by time in its service' : 'not placed on a span'}</span>
            <button type="button" className={styles.close} onClick={() => setOpenLine(null)} aria-label="Close the log line">
              ×
            </button>
          </div>
          <pre className={styles.detailText}>{fullText(shownOpen.line)}</pre>
        </div>
      ) : null}
    </section>
  );
}
