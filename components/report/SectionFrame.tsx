'use client';
// One section of the report with its four states: loading (with how long it has been working), failed (what
// failed and where), partial (the data, and a notice naming each source that failed), and complete.
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { SECTION_TITLES, type SectionKey, type SectionState, type SourceProblem } from '@/lib/report/types';
import styles from './report.module.css';

const SOURCE_LABELS: Record<SourceProblem['source'], string> = {
  prometheus: 'Prometheus',
  loki: 'Loki',
  tempo: 'Tempo',
  pyroscope: 'Pyroscope',
  alertmanager: 'Alertmanager',
  database: 'Database',
};

export function problemText(problem: SourceProblem): string {
  return `${problem.what} — ${SOURCE_LABELS[problem.source]}: ${problem.message}`;
}

function Elapsed({ sinceMs }: { sinceMs: number }) {
  const [nowMs, setNowMs] = useState(sinceMs);
  useEffect(() => {
    const timer = window.setInterval(() => setNowMs(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((nowMs - sinceMs) / 1000));
  return <>{seconds} s</>;
}

export interface SectionFrameProps<K extends SectionKey> {
  sectionKey: K;
  id: string;
  /** null while loading. */
  state: SectionState<K> | null;
  /** The request itself failed (the server did not answer). */
  requestError?: string | null;
  loadingSinceMs?: number;
  onRetry?: () => void;
  description?: ReactNode;
  children: (state: Extract<SectionState<K>, { status: 'ok' }>) => ReactNode;
  breakable?: boolean;
}

export function SectionFrame<K extends SectionKey>({ sectionKey, id, state, requestError, loadingSinceMs, onRetry, description, children, breakable }: SectionFrameProps<K>) {
  const title = SECTION_TITLES[sectionKey];
  return (
    <section className={`${styles.section}${breakable ? ` ${styles.sectionBreakable}` : ''}`} aria-labelledby={`${id}-title`} id={id} data-testid={`section-${sectionKey}`} data-section-status={requestError ? 'error' : state === null ? 'loading' : state.status === 'ok' ? (state.section.problems.length > 0 ? 'partial' : 'ok') : 'error'}>
      <div className={styles.sectionHead}>
        <h2 id={`${id}-title`}>{title}</h2>
        {state?.status === 'ok' && <span className={styles.sectionMeta}>computed in {(state.section.tookMs / 1000).toFixed(1)} s</span>}
      </div>
      {description}
      {requestError ? (
        <ErrorState compact headingLevel={3} title={`Could not load ${title.toLowerCase()}`} message={requestError} onRetry={onRetry} />
      ) : state === null ? (
        <Loading label={`Computing ${title.toLowerCase()}…`} />
      ) : state.status === 'error' ? (
        <ErrorState
          compact
          headingLevel={3}
          title={`${title} could not be computed`}
          source={state.problems[0] ? SOURCE_LABELS[state.problems[0].source] : undefined}
          message={state.problems.length > 0 ? state.problems.map(problemText).join('; ') : 'The server gave no reason; see its log.'}
          onRetry={onRetry}
        />
      ) : (
        <>
          {state.section.problems.length > 0 && (
            <div className={styles.problems} data-testid="section-problems">
              <Notice kind="partial" title="Partial result">
                shown without what could not be read:
                <ul>
                  {state.section.problems.slice(0, 8).map((problem, index) => (
                    <li key={index}>{problemText(problem)}</li>
                  ))}
                  {state.section.problems.length > 8 && <li>and {state.section.problems.length - 8} more</li>}
                </ul>
              </Notice>
            </div>
          )}
          {children(state as Extract<SectionState<K>, { status: 'ok' }>)}
        </>
      )}
      {state === null && !requestError && loadingSinceMs ? (
        <p className={styles.sectionMeta}>
          Working for <Elapsed sinceMs={loadingSinceMs} />: a month of data takes a while the first time; it is cached for a few minutes after.
        </p>
      ) : null}
    </section>
  );
}
