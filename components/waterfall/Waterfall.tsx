'use client';
// The span waterfall: one row per visible span on one time axis, virtualised so only the rows on screen
// are in the DOM (100k spans scroll like 100). The view model comes from lib/trace-view; this component
// only draws it and turns keys and clicks into callbacks.
import { memo, useCallback, useEffect, useId, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SpanId } from '@/lib/model/trace';
import type { ServiceSummary, TraceNode, TraceTree } from '@/lib/trace-view/build-trace-tree';
import type { CriticalPath, CriticalPathSection } from '@/lib/trace-view/critical-path';
import { flattenVisibleRows, rowIndexOf, type Row } from '@/lib/trace-view/flatten-rows';
import { formatCount, formatDurationUs } from '@/lib/trace-view/format';
import { logDots, type LogMarker } from '@/lib/trace-view/log-markers';
import { nextSpan, prevSpan, stepMatch } from '@/lib/trace-view/navigation';
import { timeTicks } from '@/lib/trace-view/ticks';
import { serviceColor } from './service-colors';
import styles from './waterfall.module.css';

export type { LogMarker };

export interface WaterfallProps {
  tree: TraceTree;
  selectedSpanId: SpanId | null;
  /**
   * Called for clicks, j/k/arrows and search steps. A search step may land on a span hidden under a
   * collapsed parent: expand its ancestors here (revealSpan from lib/trace-view/navigation).
   */
  onSelectSpan: (spanId: SpanId) => void;
  collapsed: ReadonlySet<SpanId>;
  onToggle: (spanId: SpanId) => void;
  criticalPath?: CriticalPath | null;
  /** Matching span ids in display order (searchSpans). Rows are highlighted; Enter in the box steps. */
  searchMatches?: readonly SpanId[];
  /** With onSearchChange, the waterfall shows its own search box and `/` focuses it. */
  searchQuery?: string;
  onSearchChange?: (query: string) => void;
  /** Called on `/` instead of focusing the built-in box (for a search box that lives elsewhere). */
  onSearchFocus?: () => void;
  logMarkers?: ReadonlyMap<SpanId, readonly LogMarker[]>;
  /** Height of the scrolling rows area in px (toolbar and axis come on top). */
  height: number;
  /** Width of the name column, percent of the component. */
  nameColumnPercent?: number;
  ariaLabel?: string;
}

const ROW_HEIGHT = 24;
const INDENT_PX = 12;
const MAX_INDENT_LEVELS = 24;
const TICK_TARGET = 6;
const MAX_LEGEND_SERVICES = 10;

export function Waterfall({
  tree,
  selectedSpanId,
  onSelectSpan,
  collapsed,
  onToggle,
  criticalPath,
  searchMatches,
  searchQuery,
  onSearchChange,
  onSearchFocus,
  logMarkers,
  height,
  nameColumnPercent = 36,
  ariaLabel = 'Trace spans',
}: WaterfallProps) {
  const idPrefix = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const rows = useMemo(() => flattenVisibleRows(tree, collapsed), [tree, collapsed]);
  const matchSet = useMemo(() => new Set<SpanId>(searchMatches ?? []), [searchMatches]);
  const ticks = useMemo(() => timeTicks(tree.durationUs, TICK_TARGET), [tree.durationUs]);
  const selectedRow = useMemo(() => rowIndexOf(rows, selectedSpanId), [rows, selectedSpanId]);
  // Percent of the axis per microsecond; a zero-length trace draws everything at 0.
  const pctPerUs = tree.durationUs > 0 ? 100 / tree.durationUs : 0;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index].nodeIndex,
    // The rows area's height is known before layout: the first render draws the rows that fit, instead of a
    // zero-height guess that the measurement after layout then corrects with a second render.
    initialRect: { width: 0, height },
  });

  useEffect(() => {
    if (selectedRow >= 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, virtualizer]);

  const select = useCallback(
    (id: SpanId | null) => {
      if (id !== null && id !== selectedSpanId) onSelectSpan(id);
    },
    [onSelectSpan, selectedSpanId],
  );

  const focusSearch = useCallback(() => {
    if (onSearchFocus) onSearchFocus();
    else searchRef.current?.focus();
  }, [onSearchFocus]);

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const row = selectedRow >= 0 ? rows[selectedRow] : undefined;
    const node = row ? tree.nodes[row.nodeIndex] : undefined;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        select(nextSpan(rows, selectedSpanId));
        break;
      case 'k':
      case 'ArrowUp':
        select(prevSpan(rows, selectedSpanId));
        break;
      case 'PageDown':
        select(rows[Math.min(rows.length - 1, Math.max(0, selectedRow) + page)]?.spanId ?? null);
        break;
      case 'PageUp':
        select(rows[Math.max(0, selectedRow - page)]?.spanId ?? null);
        break;
      case 'Home':
        select(rows[0]?.spanId ?? null);
        break;
      case 'End':
        select(rows[rows.length - 1]?.spanId ?? null);
        break;
      case 'Enter':
      case ' ':
        if (row?.hasChildren) onToggle(row.spanId);
        break;
      case 'ArrowRight':
        // Tree pattern: expand, or step to the first child when already open.
        if (row?.hasChildren && row.isCollapsed) onToggle(row.spanId);
        else if (row?.hasChildren && node) select(tree.nodes[node.children[0]].span.spanId);
        break;
      case 'ArrowLeft':
        if (row?.hasChildren && !row.isCollapsed) onToggle(row.spanId);
        else if (node && node.parentIndex >= 0) select(tree.nodes[node.parentIndex].span.spanId);
        break;
      case '/':
        focusSearch();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      select(stepMatch(tree, searchMatches ?? [], selectedSpanId, event.shiftKey ? -1 : 1));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      scrollRef.current?.focus();
    }
  };

  const matchCount = searchMatches?.length ?? 0;
  const matchPosition = selectedSpanId && matchCount > 0 ? (searchMatches ?? []).indexOf(selectedSpanId) : -1;
  const rootStyle = { '--wf-name-width': `${nameColumnPercent}%` } as CSSProperties;
  const items = virtualizer.getVirtualItems();
  const activeId = selectedRow >= 0 ? `${idPrefix}-row-${rows[selectedRow].nodeIndex}` : undefined;
  const errorCount = tree.errorSpanIds.length;

  return (
    <div className={styles.root} style={rootStyle} data-testid="waterfall">
      <div className={styles.toolbar}>
        {onSearchChange ? (
          <>
            <input
              ref={searchRef}
              className={styles.search}
              type="search"
              placeholder="Find spans (press /)"
              aria-label="Find spans by name, service, attribute or id"
              value={searchQuery ?? ''}
              onChange={(event) => onSearchChange(event.target.value)}
              onKeyDown={onSearchKeyDown}
            />
            {searchQuery ? (
              <span className={styles.toolbarInfo} aria-live="polite" data-testid="waterfall-match-count">
                {matchCount === 0 ? 'no matches' : matchPosition >= 0 ? `${matchPosition + 1} of ${matchCount}` : `${matchCount} matches`}
              </span>
            ) : null}
            <button
              type="button"
              className={styles.smallButton}
              disabled={matchCount === 0}
              onClick={() => select(stepMatch(tree, searchMatches ?? [], selectedSpanId, -1))}
              aria-label="Previous match"
            >
              ↑
            </button>
            <button
              type="button"
              className={styles.smallButton}
              disabled={matchCount === 0}
              onClick={() => select(stepMatch(tree, searchMatches ?? [], selectedSpanId, 1))}
              aria-label="Next match"
            >
              ↓
            </button>
          </>
        ) : null}
        <span className={styles.toolbarInfo}>
          {formatCount(tree.nodes.length)} spans · {tree.services.length} services · depth {tree.maxDepth + 1}
          {errorCount > 0 ? ` · ${errorCount} errors` : ''}
          {rows.length !== tree.nodes.length ? ` · ${formatCount(rows.length)} shown` : ''}
        </span>
        <span className={styles.toolbarSpacer} />
        <ServiceLegend services={tree.services} />
        {criticalPath ? (
          <span className={styles.legendItem}>
            <span className={styles.legendSwatch} style={{ background: 'var(--fg, #111)', height: 4 }} /> critical path
          </span>
        ) : null}
      </div>

      <div className={styles.header} aria-hidden="true">
        <div className={styles.headerName}>Service · operation</div>
        <div className={styles.axis}>
          {ticks.map((tick, i) => (
            <span
              key={tick.us}
              className={`${styles.tickLabel} ${i === 0 ? styles.tickLabelFirst : ''} ${tick.fraction > 0.95 ? styles.tickLabelLast : ''}`}
              style={{ left: `${tick.fraction * 100}%` }}
            >
              {tick.us === 0 ? '0' : formatDurationUs(tick.us)}
            </span>
          ))}
        </div>
      </div>

      {rows.length === 0 ? (
        <p className={styles.empty}>This trace has no spans.</p>
      ) : (
        <div
          ref={scrollRef}
          className={styles.scroller}
          style={{ height }}
          role="treegrid"
          aria-label={ariaLabel}
          aria-rowcount={rows.length}
          aria-activedescendant={activeId}
          aria-multiselectable={false}
          tabIndex={0}
          onKeyDown={onGridKeyDown}
        >
          <div className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
            <div className={styles.grid} aria-hidden="true">
              {ticks.map((tick) => (
                <span key={tick.us} className={styles.gridLine} style={{ left: `${tick.fraction * 100}%` }} />
              ))}
            </div>
            {items.map((item) => {
              const row = rows[item.index];
              const node = tree.nodes[row.nodeIndex];
              return (
                <WaterfallRow
                  key={item.key}
                  id={`${idPrefix}-row-${row.nodeIndex}`}
                  row={row}
                  rowIndex={item.index}
                  top={item.start}
                  node={node}
                  service={tree.services[node.serviceIndex]}
                  pctPerUs={pctPerUs}
                  traceStartMs={tree.startMs}
                  traceDurationUs={tree.durationUs}
                  selected={row.spanId === selectedSpanId}
                  match={matchSet.has(row.spanId)}
                  critical={criticalPath?.bySpan.get(row.spanId)}
                  logs={logMarkers?.get(row.spanId)}
                  onSelect={onSelectSpan}
                  onToggle={onToggle}
                />
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}

function ServiceLegend({ services }: { services: readonly ServiceSummary[] }) {
  const shown = services.slice(0, MAX_LEGEND_SERVICES);
  return (
    <>
      {shown.map((s) => (
        <span key={s.name} className={styles.legendItem} title={`${s.spanCount} spans, ${s.errorCount} errors`}>
          <span className={styles.legendSwatch} style={{ background: serviceColor(s.colorIndex) }} />
          {s.name}
        </span>
      ))}
      {services.length > shown.length ? <span className={styles.legendItem}>+{services.length - shown.length} more</span> : null}
    </>
  );
}

interface WaterfallRowProps {
  id: string;
  row: Row;
  rowIndex: number;
  top: number;
  node: TraceNode;
  service: ServiceSummary;
  pctPerUs: number;
  traceStartMs: number;
  traceDurationUs: number;
  selected: boolean;
  match: boolean;
  critical?: readonly CriticalPathSection[];
  logs?: readonly LogMarker[];
  onSelect: (spanId: SpanId) => void;
  onToggle: (spanId: SpanId) => void;
}

const WaterfallRow = memo(function WaterfallRow({
  id,
  row,
  rowIndex,
  top,
  node,
  service,
  pctPerUs,
  traceStartMs,
  traceDurationUs,
  selected,
  match,
  critical,
  logs,
  onSelect,
  onToggle,
}: WaterfallRowProps) {
  const span = node.span;
  const color = serviceColor(service.colorIndex);
  const startPct = node.startUs * pctPerUs;
  const widthPct = node.durationUs * pctPerUs;
  const endPct = startPct + widthPct;
  const duration = formatDurationUs(node.durationUs);
  const indentLevels = Math.min(row.depth, MAX_INDENT_LEVELS);
  // Duration label: after the bar, else before it, else inside its right end (a bar spanning the axis).
  const labelInside = endPct >= 82 && startPct < 18;
  const labelStyle: CSSProperties =
    endPct < 82
      ? { left: `calc(${endPct}% + 4px)` }
      : startPct >= 18
        ? { right: `calc(${100 - startPct}% + 4px)` }
        : { right: `calc(${100 - endPct}% + 4px)` };
  const flags: string[] = [];
  if (node.parentIssue === 'missing') flags.push(`Parent span ${span.parentSpanId ?? ''} is missing from the trace`);
  if (node.parentIssue === 'cycle') flags.push('Parent links loop; cut here');
  if (node.clockSkew) flags.push('Starts before its parent (clock skew)');

  const className = [styles.row, selected ? styles.selected : '', match ? styles.match : ''].join(' ');
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={rowIndex + 1}
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? !row.isCollapsed : undefined}
      className={className}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(row.spanId)}
      data-span-id={span.spanId}
      data-testid="waterfall-row"
      title={`${span.serviceName}: ${span.name} — ${duration}`}
    >
      <div role="gridcell" className={styles.nameCell} style={{ paddingLeft: 4 + indentLevels * INDENT_PX }}>
        {row.hasChildren ? (
          <button
            type="button"
            tabIndex={-1}
            className={styles.toggle}
            aria-label={row.isCollapsed ? `Expand ${span.name}` : `Collapse ${span.name}`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(row.spanId);
            }}
          >
            {row.isCollapsed ? '▶' : '▼'}
          </button>
        ) : (
          <span className={styles.toggleSpacer} />
        )}
        <span className={styles.serviceChip} style={{ background: color }} />
        {node.isError ? (
          <span className={styles.errorIcon} role="img" aria-label="error" title={span.status.message ?? 'Error status'}>
            !
          </span>
        ) : null}
        {flags.length > 0 ? (
          <span className={styles.flag} role="img" aria-label={flags.join('; ')} title={flags.join('; ')}>
            ⚠
          </span>
        ) : null}
        <span className={styles.serviceName} style={{ color }}>
          {span.serviceName}
        </span>
        <span className={`${styles.spanName} ${node.isError ? styles.errorText : ''}`}>{span.name}</span>
        {row.isCollapsed ? <span className={styles.hiddenCount}>+{node.descendantCount}</span> : null}
      </div>
      <div role="gridcell" className={styles.barCell}>
        <span
          className={`${styles.bar} ${node.isError ? styles.barError : ''}`}
          style={{ left: `${startPct}%`, width: `${widthPct}%`, background: node.isError ? 'var(--wf-danger)' : color }}
        />
        {critical?.map((s) => (
          <span
            key={s.startUs}
            className={styles.critical}
            style={{ left: `${s.startUs * pctPerUs}%`, width: `${(s.endUs - s.startUs) * pctPerUs}%` }}
          />
        ))}
        {logs && logs.length > 0
          ? logDots(logs, traceStartMs, traceDurationUs).map((dot, i) => (
              <span
                key={i}
                className={`${styles.logDot} ${styles[`log-${dot.level}`] ?? styles['log-unknown']}`}
                style={{ left: `${dot.fraction * 100}%` }}
              />
            ))
          : null}
        <span className={`${styles.duration} ${labelInside ? styles.durationInside : ''}`} style={labelStyle}>
          {duration}
        </span>
      </div>
    </div>
  );
});
