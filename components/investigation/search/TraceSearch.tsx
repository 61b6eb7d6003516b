'use client';
// Trace search: a form whose every field lives in the URL, the results as a duration scatter (error traces
// red, a click opens the trace) and a table of links. The server turns the form into escaped TraceQL; a
// TraceQL query typed here is sent as written.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { useTimeRange } from '@/components/shell/use-time-range';
import { fetchApi } from '@/components/investigation/trace/api';
import { SourceError, sourceErrorText } from '@/components/investigation/trace/SourceError';
import { formatDurationMs } from '@/lib/charts/format';
import { SPANS_PER_TRACE, type SearchTraceRow, type TraceSearchResponse } from '@/lib/investigation/search/load-search';
import { MAX_SEARCH_LIMIT, parseSearchForm, searchFormParams, STATUS_FILTERS, type SearchForm, type StatusFilter } from '@/lib/investigation/search/search-form';
import { formatInstant, type RawTimeRange } from '@/lib/time-range';
import { DurationScatter } from './DurationScatter';
import { ServicePicker } from './ServicePicker';
import styles from './trace-search.module.css';
import { FormError } from '@/components/shell/FormError';

const STATUS_LABELS: Record<StatusFilter, string> = { any: 'Any', error: 'Error spans', ok: 'No error span matched' };

interface Draft {
  service: string;
  minDuration: string;
  maxDuration: string;
  status: StatusFilter;
  q: string;
  limit: string;
}

function draftOf(form: SearchForm): Draft {
  return {
    service: form.service ?? '',
    minDuration: form.minDuration ?? '',
    maxDuration: form.maxDuration ?? '',
    status: form.status,
    q: form.q ?? '',
    limit: String(form.limit),
  };
}

function SearchFormView({ initial, range }: { initial: SearchForm; range: RawTimeRange }) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(draft)) if (value.trim() !== '') params.set(key, value);
    const parsed = parseSearchForm(params);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    router.push(`/traces?${searchFormParams(parsed.value, range).toString()}`);
  };

  const usesTraceql = draft.q.trim() !== '';
  return (
    <form className={styles.form} onSubmit={submit} role="search" aria-label="Trace search">
      <ServicePicker value={draft.service} onChange={set('service')} />
      <label>
        Status
        <select className="input" name="status" value={draft.status} onChange={(event) => set('status')(event.target.value as StatusFilter)} disabled={usesTraceql}>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Min duration
        <input className="input" name="minDuration" value={draft.minDuration} onChange={(event) => set('minDuration')(event.target.value)} placeholder="e.g. 250ms" />
      </label>
      <label>
        Max duration
        <input className="input" name="maxDuration" value={draft.maxDuration} onChange={(event) => set('maxDuration')(event.target.value)} placeholder="e.g. 5s" />
      </label>
      <label>
        Limit
        <input className="input" name="limit" type="number" min={1} max={MAX_SEARCH_LIMIT} value={draft.limit} onChange={(event) => set('limit')(event.target.value)} />
      </label>
      <label className={styles.wide}>
        TraceQL
        <textarea
          className="input"
          name="q"
          value={draft.q}
          onChange={(event) => set('q')(event.target.value)}
          placeholder='{ span.http.response.status_code >= 500 } — replaces service and status when filled; durations still apply'
          spellCheck={false}
          rows={2}
        />
      </label>
      <div className={`${styles.actions} ${styles.wide}`}>
        <button type="submit" className="btn btn-primary">
          Search
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            setDraft(draftOf({ service: null, minDuration: null, maxDuration: null, status: 'any', q: null, limit: initial.limit }));
            setError(null);
          }}
        >
          Clear
        </button>
        <span className={styles.hint}>Durations are the whole trace&apos;s (Tempo&apos;s minDuration / maxDuration).</span>
        <FormError message={error} />
      </div>
    </form>
  );
}

function ResultsTable({ rows }: { rows: SearchTraceRow[] }) {
  const referenceMs = rows[0]?.startMs ?? 0;
  return (
    <div className={styles.tableWrap}>
      <table className={`table ${styles.table}`} data-testid="search-results">
        <caption className="visually-hidden">Traces found</caption>
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col">Root service</th>
            <th scope="col">Root span</th>
            <th scope="col">Start (UTC)</th>
            <th scope="col" className={styles.num}>
              Duration
            </th>
            <th scope="col" className={styles.num}>
              Matched spans
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.traceId} data-error={row.error === null ? 'unknown' : String(row.error)} data-start-ms={row.startMs} data-duration-ms={row.durationMs}>
              <td className={styles.nowrap}>
                {row.error === true && (
                  <span className={styles.errorDot} title="Holds an error span">
                    <span className="visually-hidden">error</span>
                  </span>
                )}
                <Link href={row.href} className={styles.traceLink} data-testid="search-result-link">
                  {row.traceId}
                </Link>
              </td>
              <td>{row.rootServiceName || <span className="muted">unknown</span>}</td>
              <td>{row.rootTraceName || <span className="muted">unknown</span>}</td>
              <td className={styles.nowrap} title={formatInstant(row.startMs)}>
                {formatInstant(row.startMs).slice(0, 10) === formatInstant(referenceMs).slice(0, 10) ? formatInstant(row.startMs).slice(11, 23) : formatInstant(row.startMs)}
              </td>
              <td className={styles.num}>{formatDurationMs(row.durationMs)}</td>
              <td className={styles.num}>{row.matchedSpans >= SPANS_PER_TRACE ? `${SPANS_PER_TRACE}+` : row.matchedSpans}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Results({ apiUrl }: { apiUrl: string }) {
  const router = useRouter();
  const search = useQuery({ queryKey: ['trace-search', apiUrl], queryFn: ({ signal }) => fetchApi<TraceSearchResponse>(apiUrl, signal) });
  const open = useCallback((row: SearchTraceRow) => router.push(row.href), [router]);

  if (search.isPending) return <Loading label="Searching traces…" />;
  if (search.isError) return <ErrorState title="Could not search traces" message={search.error.message} onRetry={() => search.refetch()} />;
  const data = search.data;
  const querySummary = (
    <p className={styles.summary}>
      <span className="muted">{data.generated ? 'TraceQL built from the form' : 'Your TraceQL'}</span>
      <code data-testid="search-query">{data.query}</code>
    </p>
  );
  if (data.result.status === 'error') {
    return (
      <>
        {querySummary}
        <SourceError error={data.result.error} what="Trace search" onRetry={() => search.refetch()} />
      </>
    );
  }
  const { traces, truncated, outsideBounds } = data.result.data;
  return (
    <>
      {querySummary}
      {truncated && (
        <Notice kind="truncated">
          Showing {traces.length}, more exist: raise the limit (up to {MAX_SEARCH_LIMIT}) or narrow the search.
        </Notice>
      )}
      {outsideBounds > 0 && <Notice kind="partial">Tempo returned {outsideBounds} trace(s) outside the duration bounds (it ignores them with TraceQL); they are left out.</Notice>}
      {data.errorMarking?.kind === 'failed' && <Notice kind="partial">Error traces are not marked: {sourceErrorText(data.errorMarking.error)}</Notice>}
      {data.errorMarking?.kind === 'marked' && !data.errorMarking.complete && <Notice kind="partial">Some error traces may not be marked red: the error search hit its own limit.</Notice>}
      {traces.length === 0 ? (
        <EmptyState
          title="No traces match"
          description="Widen the time range, relax the duration bounds, pick another service or status, or check the TraceQL. Tempo only searches traces it has received: recent ones may take a few seconds to appear."
        />
      ) : (
        <>
          <section className={styles.panel} aria-label="Duration over time">
            <DurationScatter rows={traces} onOpen={open} windowFromMs={data.window.fromMs} windowToMs={data.window.toMs} />
          </section>
          <section className={styles.panel} aria-label="Traces">
            <p className={styles.summary}>
              <strong data-testid="search-count">
                {traces.length} trace{traces.length === 1 ? '' : 's'}
              </strong>
              {truncated && <span className="muted">(more exist)</span>}
            </p>
            <ResultsTable rows={traces} />
          </section>
        </>
      )}
    </>
  );
}

export function TraceSearch() {
  const params = useSearchParams();
  const { raw } = useTimeRange();
  const parsed = parseSearchForm(params);
  const formKey = params.toString();
  if (!parsed.ok) {
    return (
      <>
        <ErrorState title="This search cannot run" message={parsed.error} action={<Link href={`/traces?from=${encodeURIComponent(raw.from)}&to=${encodeURIComponent(raw.to)}`}>Start a new search</Link>} />
      </>
    );
  }
  const apiUrl = `/api/search?${searchFormParams(parsed.value, raw).toString()}`;
  return (
    <div data-testid="trace-search">
      <SearchFormView key={formKey} initial={parsed.value} range={raw} />
      <Results apiUrl={apiUrl} />
    </div>
  );
}
