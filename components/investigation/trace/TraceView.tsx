'use client';
// The trace view: one time axis, four signals. The trace and its placed log lines come from one request
// (the timeline route); metric context and profile are fetched per selected span's service / span. Each
// panel shows its own source's failure while the others render. All view state lives in the URL.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { LogPanel } from '@/components/logs/LogPanel';
import { SpanDetails } from '@/components/waterfall/SpanDetails';
import { Waterfall, type LogMarker } from '@/components/waterfall/Waterfall';
import { serviceOfLine, type TimelineLogLine } from '@/lib/correlate/place-logs';
import type { TraceTimelineResponse } from '@/lib/investigation/api-types';
import { contextWindow, logMarkersBySpan, rangeAroundTrace, subtreeSpanIds, summariseTrace } from '@/lib/investigation/trace-summary';
import { decodeTraceTree, transportWindow } from '@/lib/investigation/trace-transport';
import { otherTraceHref, type TraceTab, type TraceViewState } from '@/lib/investigation/trace-url';
import { TRACE_VIEW_MOUNTED_MARK } from '@/lib/investigation/user-timing';
import type { SpanId, TraceId } from '@/lib/model/trace';
import { hrefWithTimeRange } from '@/lib/time-range';
import type { TraceTree } from '@/lib/trace-view/build-trace-tree';
import { criticalPath } from '@/lib/trace-view/critical-path';
import { flattenVisibleRows } from '@/lib/trace-view/flatten-rows';
import { nextSpan, prevSpan, revealSpan, toggleCollapsed } from '@/lib/trace-view/navigation';
import { searchSpans } from '@/lib/trace-view/search-spans';
import { spanLabels } from '@/lib/trace-view/span-labels';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { apiPath, fetchApi } from './api';
import { SourceError, sourceErrorText } from './SourceError';
import { TraceHeader } from './TraceHeader';
import { useAfterPaint } from './use-after-paint';
import { useTraceViewState } from './use-trace-view-state';
import styles from './trace-view.module.css';

// Charts (ECharts, ~0.5 MB) and the flame graph load with their tabs: the waterfall must not wait for them.
const MetricsPanel = dynamic(() => import('./MetricsPanel').then((m) => m.MetricsPanel), {
  ssr: false,
  loading: () => <Loading label="Loading the charts…" />,
});
const ProfilePanel = dynamic(() => import('./ProfilePanel').then((m) => m.ProfilePanel), {
  ssr: false,
  loading: () => <Loading label="Loading the flame graph…" />,
});

const TAB_LABELS: Record<TraceTab, string> = { logs: 'Logs', details: 'Details', metrics: 'Metrics', profile: 'Profile' };
const TAB_ORDER: readonly TraceTab[] = ['details', 'logs', 'metrics', 'profile'];
/** The waterfall's row height (components/waterfall): a short trace gets a short waterfall. */
const WATERFALL_ROW_PX = 24;

export function timelineQueryKey(traceId: string, range: TraceViewState['range']) {
  return ['trace-timeline', traceId, range?.from ?? null, range?.to ?? null] as const;
}

export function TraceView({ traceId }: { traceId: TraceId }) {
  const { state, update } = useTraceViewState(traceId);
  const queryClient = useQueryClient();
  useEffect(() => {
    performance.mark(TRACE_VIEW_MOUNTED_MARK);
  }, []);
  const timeline = useQuery({
    queryKey: timelineQueryKey(traceId, state.range),
    queryFn: ({ signal }) => fetchApi<TraceTimelineResponse>(apiPath(traceId, 'timeline', { from: state.range?.from, to: state.range?.to }), signal),
    staleTime: 5 * 60_000,
    // A new range keeps the trace on screen while it is read again.
    placeholderData: (previous) => previous,
  });

  // Pin an absolute range around the trace into the URL once it is known: a reload then reads trace and logs
  // in parallel and a copied link shows the same window. The answer is seeded under the new key: no refetch.
  const data = timeline.data;
  useEffect(() => {
    const window = data && !state.range && data.trace.status === 'ok' ? transportWindow(data.trace.data) : null;
    if (!data || !window) return;
    const range = rangeAroundTrace(window.startMs, window.endMs);
    queryClient.setQueryData(timelineQueryKey(traceId, range), data);
    update({ range });
  }, [data, state.range, queryClient, traceId, update]);

  if (timeline.isPending) {
    return (
      <div className={styles.loading} data-testid="trace-loading">
        <Loading label="Reading the trace from Tempo and its log lines from Loki…" />
      </div>
    );
  }
  if (timeline.isError) {
    return <ErrorState title="Could not load this trace" message={timeline.error.message} onRetry={() => timeline.refetch()} />;
  }
  return <TraceLoaded traceId={traceId} data={timeline.data} state={state} update={update} onRetry={() => timeline.refetch()} refreshing={timeline.isFetching} />;
}

interface TraceLoadedProps {
  traceId: TraceId;
  data: TraceTimelineResponse;
  state: TraceViewState;
  update: (patch: Partial<TraceViewState>) => void;
  onRetry: () => void;
  refreshing: boolean;
}

function TraceLoaded({ traceId, data, state, update, onRetry, refreshing }: TraceLoadedProps) {
  const tree = useMemo(() => (data.trace.status === 'ok' ? decodeTraceTree(data.trace.data) : null), [data.trace]);
  const logs = data.logs;

  if (data.trace.status === 'error') {
    const error = data.trace.error;
    const rangeQuery = state.range ? hrefWithTimeRange('/traces', state.range) : '/traces';
    return (
      <div className={styles.page} data-testid="trace-view">
        {error.kind === 'not-found' ? (
          <div data-testid="trace-not-found">
            <EmptyState
              headingLevel={1}
              title="Trace not found"
              description={
                <>
                  Tempo has no trace <span className="mono">{traceId}</span>. It may be older than Tempo&apos;s retention, still on its way
                  (spans can take a minute to arrive), or the id may be mistyped. Try again shortly, or search the traces of this time range.
                </>
              }
              action={
                <>
                  <button type="button" className="btn btn-primary" onClick={onRetry}>
                    Try again
                  </button>
                  <Link className="btn" href={rangeQuery}>
                    Search traces
                  </Link>
                </>
              }
            />
          </div>
        ) : (
          <SourceError error={error} what="The trace" onRetry={onRetry} />
        )}
        {logs.status === 'ok' && logs.data.lines.length > 0 ? (
          <section className={styles.orphanLogs} aria-label="Log lines of this trace">
            <h2>Log lines carrying this trace id</h2>
            <LogPanel lines={logs.data.lines} selectedSpanId={null} truncated={logs.data.truncated} limit={logs.data.limit} height={360} />
            <OrphanMetrics traceId={traceId} lines={logs.data.lines} range={state.range} />
          </section>
        ) : null}
      </div>
    );
  }
  if (!tree || tree.nodes.length === 0) {
    return <EmptyState headingLevel={1} title="This trace has no spans" description="Tempo answered with an empty trace." />;
  }
  return <TraceTimelineView traceId={traceId} tree={tree} data={data} state={state} update={update} refreshing={refreshing} />;
}

/**
 * Without the trace, its log lines still name the services it went through: show their metric context
 * around the lines' time, so a Tempo outage leaves logs and metrics on screen.
 */
function OrphanMetrics({ traceId, lines, range }: { traceId: TraceId; lines: readonly TimelineLogLine[]; range: TraceViewState['range'] }) {
  const services = useMemo(() => [...new Set(lines.map(serviceOfLine).filter((s): s is string => !!s))].sort(), [lines]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [nowMs] = useState(() => Date.now());
  const extent = useMemo(() => {
    let startMs = Number.POSITIVE_INFINITY;
    let endMs = Number.NEGATIVE_INFINITY;
    for (const line of lines) {
      startMs = Math.min(startMs, line.timeMs);
      endMs = Math.max(endMs, line.timeMs);
    }
    return { startMs, endMs };
  }, [lines]);
  const window = useMemo(() => contextWindow(extent.startMs, extent.endMs, nowMs), [extent, nowMs]);
  const service = chosen && services.includes(chosen) ? chosen : services[0];
  if (!service) return null;
  return (
    <div className={styles.orphanMetrics}>
      <h2>Metrics of the services in these lines</h2>
      <div role="group" aria-label="Service" className={styles.serviceButtons}>
        {services.map((name) => (
          <button key={name} type="button" className={name === service ? 'btn btn-primary' : 'btn'} aria-pressed={name === service} onClick={() => setChosen(name)}>
            {name}
          </button>
        ))}
      </div>
      <MetricsPanel traceId={traceId} service={service} window={window} trace={extent} range={range} />
    </div>
  );
}

function useWaterfallHeight(): number {
  const [height, setHeight] = useState(560);
  useEffect(() => {
    const measure = () => setHeight(Math.max(320, Math.min(1400, window.innerHeight - 330)));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return height;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

interface TraceTimelineViewProps {
  traceId: TraceId;
  tree: TraceTree;
  data: TraceTimelineResponse;
  state: TraceViewState;
  update: (patch: Partial<TraceViewState>) => void;
  refreshing: boolean;
}

function TraceTimelineView({ traceId, tree, data, state, update, refreshing }: TraceTimelineViewProps) {
  const router = useRouter();
  const summary = useMemo(() => summariseTrace(tree), [tree]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<SpanId>>(() => new Set<SpanId>());
  const [query, setQuery] = useState('');
  const [showCriticalPath, setShowCriticalPath] = useState(true);
  const height = useWaterfallHeight();
  const rootRef = useRef<HTMLDivElement>(null);
  // "Now" for the metric window, read once per trace (charts must not shift on every render).
  const [nowMs] = useState(() => Date.now());

  const urlSpanKnown = state.spanId !== null && tree.indexById.has(state.spanId);
  const selectedSpanId: SpanId | null = urlSpanKnown ? state.spanId : summary.rootSpanId;
  const selectedNode = selectedSpanId !== null ? tree.nodes[tree.indexById.get(selectedSpanId) ?? -1] : undefined;

  // The critical path is drawn a moment after the rows: the first frame shows the spans without waiting
  // for it (tens of milliseconds on 100k spans). Until then (and for a new tree) no path is drawn.
  const deferredTree = useAfterPaint<TraceTree | null>(tree, null);
  const path = useMemo(
    () => (showCriticalPath && deferredTree === tree ? criticalPath(deferredTree) : null),
    [tree, deferredTree, showCriticalPath],
  );
  const matches = useMemo(() => searchSpans(tree, query), [tree, query]);
  const logLines = data.logs.status === 'ok' ? data.logs.data.lines : null;
  const markers = useMemo(() => (logLines ? (logMarkersBySpan(logLines) as Map<SpanId, LogMarker[]>) : undefined), [logLines]);
  // Labels only for the spans the log lines point at, not for every span of the trace.
  const spanNames = useMemo(() => spanLabels(tree, (logLines ?? []).map((line) => line.spanId)), [tree, logLines]);
  const traceWindow = useMemo(() => ({ startMs: tree.startMs, endMs: tree.endMs }), [tree.startMs, tree.endMs]);
  const metricWindow = useMemo(() => contextWindow(tree.startMs, tree.endMs, nowMs), [tree.startMs, tree.endMs, nowMs]);
  const rows = useMemo(() => flattenVisibleRows(tree, collapsed), [tree, collapsed]);
  const tab = state.tab;
  // Only the logs tab follows the selected span's subtree (the root's is the whole trace).
  const followSpanIds = useMemo(() => (tab === 'logs' && selectedSpanId ? subtreeSpanIds(tree, selectedSpanId) : null), [tree, selectedSpanId, tab]);

  const selectSpan = useCallback(
    (spanId: SpanId) => {
      setCollapsed((current) => revealSpan(tree, current, spanId));
      update({ spanId });
    },
    [tree, update],
  );
  const selectFromLog = useCallback((spanId: string) => {
    if (tree.indexById.has(spanId as SpanId)) selectSpan(spanId as SpanId);
  }, [tree, selectSpan]);
  const onToggle = useCallback((spanId: SpanId) => setCollapsed((current) => toggleCollapsed(current, spanId)), []);

  // Page-wide keys: "/" finds spans, j/k move the selection, unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isEditable(event.target)) return;
      // Keys inside the waterfall are its own.
      if (event.target instanceof Node && rootRef.current?.querySelector('[role="treegrid"]')?.contains(event.target)) return;
      if (event.key === '/') {
        rootRef.current?.querySelector<HTMLInputElement>('[data-testid="waterfall"] input[type="search"]')?.focus();
      } else if (event.key === 'j') {
        const next = nextSpan(rows, selectedSpanId);
        if (next) selectSpan(next);
      } else if (event.key === 'k') {
        const prev = prevSpan(rows, selectedSpanId);
        if (prev) selectSpan(prev);
      } else {
        return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows, selectedSpanId, selectSpan]);

  const logCount = logLines?.length ?? 0;
  const tabLabel = (t: TraceTab) => (t === 'logs' && logLines ? `${TAB_LABELS[t]} (${logCount}${data.logs.status === 'ok' && data.logs.data.truncated ? '+' : ''})` : TAB_LABELS[t]);
  const selectedLabel = selectedNode ? `${selectedNode.span.serviceName}: ${selectedNode.span.name}` : '';

  return (
    <div className={styles.page} ref={rootRef} data-testid="trace-view" data-trace-id={traceId} aria-busy={refreshing}>
      <TraceHeader traceId={traceId} summary={summary} range={state.range} />

      {state.spanId !== null && !urlSpanKnown ? (
        <Notice kind="warning" title="Span not in this trace">
          The link names span <span className="mono">{state.spanId}</span>, which this trace does not contain; the root span is selected instead.
        </Notice>
      ) : null}
      {summary.missingParentCount > 0 ? (
        <Notice kind="partial" title="Incomplete trace">
          {summary.missingParentCount} span{summary.missingParentCount === 1 ? '' : 's'} name a parent that Tempo did not return; they are shown as roots.
        </Notice>
      ) : null}
      {data.trace.status === 'ok' && data.trace.data.partial ? <Notice kind="partial">{data.trace.data.partial.message}</Notice> : null}
      {data.logs.status === 'error' ? (
        <Notice kind="error" title="Logs unavailable">
          {sourceErrorText(data.logs.error)}
        </Notice>
      ) : null}

      <div className={styles.body}>
        <section className={styles.waterfallColumn} aria-label="Span waterfall">
          <div className={styles.waterfallTools}>
            <label className={styles.inline}>
              <input type="checkbox" checked={showCriticalPath} onChange={(event) => setShowCriticalPath(event.target.checked)} />
              Critical path
            </label>
            <button type="button" className="btn btn-ghost" onClick={() => setCollapsed(new Set<SpanId>())} disabled={collapsed.size === 0}>
              Expand all
            </button>
            <span className="muted">j/k or arrows move, / finds, Enter folds</span>
          </div>
          <Waterfall
            tree={tree}
            selectedSpanId={selectedSpanId}
            onSelectSpan={selectSpan}
            collapsed={collapsed}
            onToggle={onToggle}
            criticalPath={path}
            searchMatches={matches}
            searchQuery={query}
            onSearchChange={setQuery}
            logMarkers={markers}
            height={Math.min(height, rows.length * WATERFALL_ROW_PX + 2)}
            ariaLabel={`Spans of trace ${traceId}`}
          />
        </section>

        <section className={styles.panelColumn} aria-label="Selected span">
          <div role="tablist" aria-label="Signals of the selected span" className={styles.tabs}>
            {TAB_ORDER.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`trace-tab-${t}`}
                aria-selected={tab === t}
                aria-controls="trace-tabpanel"
                className={tab === t ? `${styles.tab} ${styles.tabActive}` : styles.tab}
                onClick={() => update({ tab: t })}
              >
                {tabLabel(t)}
              </button>
            ))}
          </div>
          <p className={styles.selected} data-testid="selected-span">
            {selectedLabel}
          </p>
          <div role="tabpanel" id="trace-tabpanel" aria-labelledby={`trace-tab-${tab}`} className={styles.tabPanel} data-tab={tab}>
            {tab === 'details' && selectedSpanId ? (
              <SpanDetails
                tree={tree}
                spanId={selectedSpanId}
                onSelectSpan={selectSpan}
                onOpenTrace={(otherTrace, spanId) => router.push(otherTraceHref(otherTrace, state.range, spanId))}
              />
            ) : null}
            {tab === 'logs' ? (
              data.logs.status === 'ok' ? (
                <LogPanel
                  lines={data.logs.data.lines}
                  selectedSpanId={selectedSpanId}
                  followSpanIds={followSpanIds}
                  truncated={data.logs.data.truncated}
                  limit={data.logs.data.limit}
                  onSelectSpan={selectFromLog}
                  spanNames={spanNames}
                  height={Math.max(240, height - 40)}
                />
              ) : (
                <SourceError error={data.logs.error} what="Logs" />
              )
            ) : null}
            {tab === 'metrics' && selectedNode ? (
              <MetricsPanel
                traceId={traceId}
                service={selectedNode.span.serviceName}
                window={metricWindow}
                trace={traceWindow}
                range={state.range}
              />
            ) : null}
            {tab === 'profile' && selectedSpanId ? (
              <ProfilePanel
                traceId={traceId}
                spanId={selectedSpanId}
                spanLabel={selectedLabel}
                profileType={state.profileType}
                diff={state.diff}
                traceWindow={traceWindow}
                onProfileTypeChange={(profileType) => update({ profileType })}
                onDiffChange={(diff) => update({ diff })}
              />
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}
