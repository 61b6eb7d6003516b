'use client';
// The monthly review of one calendar month. Live: each section is computed on the server and arrives on its
// own (a progress strip shows which are done, partial or failed). Frozen: the snapshot's sections as the
// meeting saw them, with "Show live numbers" to compare. Action items are always live. Everything that
// defines the view is in the URL (/reports/<yyyy-mm>?tz=&live=1), so Share reproduces it.
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ShareButton } from '@/components/share/ShareButton';
import { copyText } from '@/components/share/clipboard';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { formatZoned } from '@/lib/report/format';
import { monthTitle, nextMonth, previousMonth } from '@/lib/report/month';
import { SECTION_KEYS, SECTION_TITLES, type EpisodeMatch, type ReportSections, type SectionKey, type SectionState } from '@/lib/report/types';
import { ActionItems } from './ActionItems';
import { AlertQualityPanel } from './AlertQualityPanel';
import { fetchMarkdown, fetchOverview, fetchSection, freezeReport, rememberedName, rememberName, reportApiPath, saveMaturity, unfreezeReport } from './api';
import { CoveragePanel } from './CoveragePanel';
import { IncidentsTable } from './IncidentsTable';
import { MaturityRadar } from './MaturityRadar';
import { problemText, SectionFrame } from './SectionFrame';
import { SloSection } from './SloSection';
import styles from './report.module.css';
import { FormError } from '@/components/shell/FormError';

const ZONE_CHOICES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];

function readerZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

type Sections = { [K in SectionKey]: { state: SectionState<K> | null; error: string | null; retry: () => void } };

function ProgressStrip({ sections }: { sections: Sections }) {
  const done = SECTION_KEYS.filter((key) => sections[key].state !== null || sections[key].error !== null).length;
  return (
    <div className={styles.progress} aria-live="polite" data-testid="report-progress">
      <span>
        {done} of {SECTION_KEYS.length} sections ready
      </span>
      {SECTION_KEYS.map((key) => {
        const { state, error } = sections[key];
        const failed = error !== null || state?.status === 'error';
        const partial = state?.status === 'ok' && state.section.problems.length > 0;
        const className = failed ? styles.pillError : partial ? styles.pillPartial : state ? styles.pillOk : '';
        const detail = error ?? (state?.status === 'error' ? state.problems.map(problemText).join('; ') : partial && state?.status === 'ok' ? state.section.problems.map(problemText).join('; ') : undefined);
        const word = failed ? 'failed' : partial ? 'partial' : state ? 'done' : 'computing…';
        return (
          <a key={key} href={`#report-${key}`} className={`${styles.pill} ${className}`} title={detail}>
            {SECTION_TITLES[key]}: {word}
            {failed && state?.status === 'error' && state.problems[0] ? ` (${state.problems[0].source})` : ''}
            {partial && state?.status === 'ok' ? ` (${[...new Set(state.section.problems.map((p) => p.source))].join(', ')})` : ''}
          </a>
        );
      })}
    </div>
  );
}

function FreezeForm({ label, onFreeze }: { label: string; onFreeze: (name: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          setName(rememberedName());
          setOpen(true);
        }}
      >
        {label}
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      rememberName(name.trim());
      await onFreeze(name.trim());
      setOpen(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Freezing failed');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={styles.freezeForm} onSubmit={submit} aria-label="Freeze this report">
      <label>
        Frozen by{' '}
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} placeholder="your name" autoFocus />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Freezing… (computing every section)' : 'Freeze'}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <FormError message={error} />
    </form>
  );
}

function ExportButtons({ month, tz, live }: { month: string; tz: string | null; live: boolean }) {
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    setNote('Preparing Markdown…');
    try {
      const text = await fetchMarkdown(month, tz, live);
      setNote((await copyText(text)) ? 'Markdown copied' : 'Copying was refused by the browser: use Download');
    } catch (failure) {
      setNote(failure instanceof Error ? failure.message : 'The export failed');
    }
  };
  return (
    <>
      <a className="btn" href={reportApiPath(month, tz, '/markdown', { download: '1', ...(live ? { live: '1' } : {}) })} download={`weft-review-${month}.md`} data-testid="export-markdown">
        Download Markdown
      </a>
      <button type="button" className="btn" onClick={() => void copy()}>
        Copy Markdown
      </button>
      <button type="button" className="btn" onClick={() => window.print()}>
        Print
      </button>
      <ShareButton />
      {note && (
        <span className="muted" role="status">
          {note}
        </span>
      )}
    </>
  );
}

export function ReportView({ month, tz }: { month: string; tz: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const live = params.get('live') === '1';
  const queryClient = useQueryClient();
  const [loadingSinceMs] = useState(() => Date.now());
  const overview = useQuery({ queryKey: ['report-overview', month, tz], queryFn: ({ signal }) => fetchOverview(month, tz, signal) });
  const snapshot = overview.data?.snapshot ?? null;
  const showSnapshot = snapshot !== null && snapshot.data !== null && !live;
  const liveEnabled = overview.isSuccess && !showSnapshot;

  const sectionQueries = useQueries({
    queries: SECTION_KEYS.map((key) => ({
      queryKey: ['report-section', month, tz, key],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchSection(month, tz, key, signal),
      enabled: liveEnabled,
      staleTime: 60_000,
    })),
  });

  const sections = useMemo((): Sections => {
    const frozen: ReportSections | null = showSnapshot && snapshot?.data ? snapshot.data.sections : null;
    const entry = <K extends SectionKey>(key: K, index: number) => {
      const query = sectionQueries[index];
      return {
        state: (frozen ? frozen[key] : (query.data as SectionState<K> | undefined) ?? null) as SectionState<K> | null,
        error: frozen ? null : query.error ? query.error.message : null,
        retry: () => void queryClient.invalidateQueries({ queryKey: ['report-section', month, tz, key] }),
      };
    };
    return {
      slos: entry('slos', 0),
      incidents: entry('incidents', 1),
      'alert-quality': entry('alert-quality', 2),
      coverage: entry('coverage', 3),
      maturity: entry('maturity', 4),
    };
  }, [showSnapshot, snapshot, sectionQueries, queryClient, month, tz]);

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value === null) next.delete(name);
    else next.set(name, value);
    const query = next.toString();
    router.push(`${pathname}${query ? `?${query}` : ''}`);
  };

  if (overview.isPending) return <Loading label="Loading the report…" />;
  if (overview.isError) return <ErrorState headingLevel={1} title="Could not load this report" message={overview.error.message} onRetry={() => void overview.refetch()} />;
  const info = overview.data;
  const zone = info.month.timeZone;
  const prev = previousMonth(info.month);
  const next = nextMonth(info.month);
  const tzQuery = tz ? `?tz=${encodeURIComponent(tz)}` : '';
  const zones = [...new Set([info.configuredTimeZone, zone, ...ZONE_CHOICES, readerZone()])];

  const slosState = sections.slos.state;
  const sloRefs = slosState?.status === 'ok' ? slosState.section.data.slos.map((slo) => slo.slo) : [];
  const incidentsState = sections.incidents.state;
  const episodes = incidentsState?.status === 'ok' ? incidentsState.section.data.episodes : [];
  const qualityState = sections['alert-quality'].state;
  const matches: Map<string, EpisodeMatch> | null = qualityState?.status === 'ok' ? new Map(qualityState.section.data.matches.map((match) => [match.ref, match])) : null;

  const freeze = async (name: string) => {
    await freezeReport(month, tz, name);
    await queryClient.invalidateQueries({ queryKey: ['report-overview', month, tz] });
    if (live) setParam('live', null);
  };
  const discard = async () => {
    if (!window.confirm('Discard the snapshot? The page then shows live numbers, which may differ from what the meeting saw.')) return;
    await unfreezeReport(month, tz);
    await queryClient.invalidateQueries({ queryKey: ['report-overview', month, tz] });
  };

  return (
    <div className={styles.report} data-testid="report-view">
      <header className={styles.header}>
        <div>
          <p className={styles.eyebrow}>Monthly review</p>
          <h1 className={styles.title} data-testid="report-title">
            {monthTitle(info.month.label)}
          </h1>
          <p className={styles.subtitle}>
            Calendar month in {zone}: {formatZoned(info.month.startMs, zone)} to {formatZoned(info.month.endMs, zone)}, {info.month.days} days
            {info.state === 'current' ? ' (still running: numbers so far)' : ''}.
          </p>
          <nav className={styles.monthNav} aria-label="Months">
            <Link className="btn btn-ghost" href={`/reports/${prev.label}${tzQuery}`} rel="prev">
              ← {monthTitle(prev.label)}
            </Link>
            {info.state !== 'current' && (
              <Link className="btn btn-ghost" href={`/reports/${next.label}${tzQuery}`} rel="next">
                {monthTitle(next.label)} →
              </Link>
            )}
            <Link className="btn btn-ghost" href="/reports">
              All months
            </Link>
            <label className={styles.small}>
              Time zone{' '}
              <select className={`input ${styles.inlineSelect}`} value={zone} aria-label="Time zone the month is cut in" onChange={(e) => setParam('tz', e.target.value === info.configuredTimeZone ? null : e.target.value)}>
                {zones.map((name) => (
                  <option key={name} value={name}>
                    {name}
                    {name === info.configuredTimeZone ? ' (configured)' : ''}
                  </option>
                ))}
              </select>
            </label>
          </nav>
        </div>
        <div className={styles.actions}>
          <ExportButtons month={month} tz={tz} live={!showSnapshot} />
        </div>
      </header>

      {showSnapshot && snapshot ? (
        <div className={`${styles.stamp} ${styles.stampFrozen}`} data-testid="report-stamp" data-frozen="true">
          <span>
            <strong>
              Snapshot frozen at {formatZoned(snapshot.info.frozenAtMs, zone)} ({zone}){snapshot.info.frozenBy ? ` by ${snapshot.info.frozenBy}` : ''}.
            </strong>{' '}
            Later changes to data or SLO definitions do not change these numbers.
          </span>
          <span className={styles.freezeForm}>
            <button type="button" className="btn" onClick={() => setParam('live', '1')}>
              Show live numbers
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void discard()}>
              Discard snapshot
            </button>
          </span>
        </div>
      ) : (
        <div className={styles.stamp} data-testid="report-stamp" data-frozen="false">
          <span>
            <strong>Live numbers</strong>, computed from the datasources now
            {snapshot ? (
              <>
                {' '}
                — this month also has a snapshot frozen at {formatZoned(snapshot.info.frozenAtMs, zone)}
                {snapshot.info.frozenBy ? ` by ${snapshot.info.frozenBy}` : ''}.
              </>
            ) : (
              '. Freeze the report to keep what the meeting saw.'
            )}
          </span>
          <span className={styles.freezeForm}>
            {snapshot && snapshot.data && (
              <button type="button" className="btn" onClick={() => setParam('live', null)}>
                Show the snapshot
              </button>
            )}
            <FreezeForm label={snapshot ? 'Replace the snapshot with these numbers' : 'Freeze this report'} onFreeze={freeze} />
          </span>
        </div>
      )}
      {snapshot && snapshot.data === null && <Notice kind="warning">The snapshot of this month was written by another version of Weft (data version {snapshot.info.dataVersion}) and cannot be shown: these are live numbers.</Notice>}

      {!showSnapshot && <ProgressStrip sections={sections} />}

      <SectionFrame sectionKey="slos" id="report-slos" state={sections.slos.state} requestError={sections.slos.error} loadingSinceMs={loadingSinceMs} onRetry={sections.slos.retry}>
        {(state) => <SloSection data={state.section.data} previousLabel={prev.label} />}
      </SectionFrame>
      <SectionFrame sectionKey="incidents" id="report-incidents" state={sections.incidents.state} requestError={sections.incidents.error} loadingSinceMs={loadingSinceMs} onRetry={sections.incidents.retry} breakable>
        {(state) => <IncidentsTable data={state.section.data} matches={matches} timeZone={zone} />}
      </SectionFrame>
      <SectionFrame sectionKey="alert-quality" id="report-alert-quality" state={sections['alert-quality'].state} requestError={sections['alert-quality'].error} loadingSinceMs={loadingSinceMs} onRetry={sections['alert-quality'].retry}>
        {(state) => <AlertQualityPanel data={state.section.data} timeZone={zone} />}
      </SectionFrame>
      <SectionFrame sectionKey="coverage" id="report-coverage" state={sections.coverage.state} requestError={sections.coverage.error} loadingSinceMs={loadingSinceMs} onRetry={sections.coverage.retry}>
        {(state) => <CoveragePanel data={state.section.data} timeZone={zone} />}
      </SectionFrame>
      <SectionFrame sectionKey="maturity" id="report-maturity" state={sections.maturity.state} requestError={sections.maturity.error} loadingSinceMs={loadingSinceMs} onRetry={sections.maturity.retry}>
        {(state) => (
          <MaturityRadar
            data={state.section.data}
            timeZone={zone}
            editable={!showSnapshot}
            onSave={async (entry) => {
              await saveMaturity(month, tz, entry);
              await queryClient.invalidateQueries({ queryKey: ['report-section', month, tz, 'maturity'] });
            }}
          />
        )}
      </SectionFrame>
      <section className={`${styles.section} ${styles.sectionBreakable}`} aria-labelledby="report-actions-title" id="report-actions" data-testid="section-action-items">
        <div className={styles.sectionHead}>
          <h2 id="report-actions-title">Action items</h2>
        </div>
        <ActionItems month={month} tz={tz} choices={{ slos: sloRefs, episodes, timeZone: zone }} />
      </section>
    </div>
  );
}
