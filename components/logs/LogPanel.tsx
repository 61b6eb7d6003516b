'use client';
// The trace's log lines beside the waterfall: virtualised (100k lines stay smooth), levels coloured,
// following the selected span.
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineLogLine } from '@/lib/correlate/place-logs';
import { filterLogLines } from '@/lib/correlate/filter-logs';
import styles from './log-panel.module.css';

export interface LogPanelProps {
  lines: TimelineLogLine[];
  selectedSpanId: string | null;
  /** Total lines the backend returned before our limit (to say "showing N of more"). */
  truncated: boolean;
  limit: number;
  onSelectSpan?: (spanId: string) => void;
  spanNames?: ReadonlyMap<string, string>;
  height?: number;
}

const ROW_HEIGHT = 22;

function formatClock(timeMs: number): string {
  const date = new Date(timeMs);
  return date.toISOString().slice(11, 23);
}

export function LogPanel({ lines, selectedSpanId, truncated, limit, onSelectSpan, spanNames, height = 420 }: LogPanelProps) {
  const [onlySelected, setOnlySelected] = useState(true);
  const [text, setText] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const visible = useMemo(
    () => filterLogLines(lines, { spanId: onlySelected ? selectedSpanId : null, text }),
    [lines, onlySelected, selectedSpanId, text],
  );
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  return (
    <section className={styles.panel} aria-label="Log lines">
      <div className={styles.toolbar}>
        <label className={styles.check}>
          <input type="checkbox" checked={onlySelected} onChange={(event) => setOnlySelected(event.target.checked)} disabled={!selectedSpanId} />
          Only the selected span
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
          {truncated ? ` · showing the first ${limit}; more exist` : ''}
        </span>
      </div>
      {visible.length === 0 ? (
        <p className={styles.empty}>
          {lines.length === 0
            ? 'No log lines carry this trace id in the time window. Check that your services log trace_id, or widen the window.'
            : 'No lines match: clear the filter or untick "Only the selected span".'}
        </p>
      ) : (
        <div ref={scrollRef} className={styles.scroller} style={{ height }} role="log">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = visible[item.index];
              return (
                <div
                  key={item.key}
                  className={`${styles.row} ${styles[line.level]} ${line.spanId === selectedSpanId ? styles.current : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  data-testid="log-line"
                  data-span-id={line.spanId ?? ''}
                >
                  <span className={styles.time}>{formatClock(line.timeMs)}</span>
                  <span className={styles.level}>{line.level === 'unknown' ? '' : line.level}</span>
                  {line.spanId && onSelectSpan ? (
                    <button
                      type="button"
                      className={styles.spanLink}
                      title={`Select span ${spanNames?.get(line.spanId) ?? line.spanId}`}
                      onClick={() => onSelectSpan(line.spanId!)}
                    >
                      {spanNames?.get(line.spanId) ?? line.spanId.slice(0, 8)}
                    </button>
                  ) : (
                    <span className={styles.spanLink} title="Not placed on a span">—</span>
                  )}
                  <span className={styles.text}>{line.line}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
