'use client';
// The alert view: what the rule says, the expression over the alert's window with its threshold and
// exemplars, and the slowest and failed traces of the alert's service. Everything comes from the URL
// (name, labels, from, to), so a link reproduces the view.
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { fetchApi } from '@/components/investigation/trace/api';
import { SourceError } from '@/components/investigation/trace/SourceError';
import { ShareButton } from '@/components/share/ShareButton';
import { SeverityBadge } from '@/components/investigation/home/SeverityBadge';
import { TimeAgo } from '@/components/investigation/home/TimeAgo';
import { useNow } from '@/components/investigation/home/use-now';
import type { SourceFailure } from '@/lib/datasources/errors';
import type { AlertDetailResponse } from '@/lib/investigation/alerts/types';
import { formatInstant } from '@/lib/time-range';
import { AlertChartPanel, type FiringEpisode } from './AlertChartPanel';
import { AlertRulePanel } from './AlertRulePanel';
import { AlertTracesPanel } from './AlertTracesPanel';
import styles from './alert-view.module.css';

const STATE_CLASS: Record<string, string> = { firing: 'badge badge-danger', pending: 'badge badge-warning', suppressed: 'badge' };

/** The episode to shade: the one still firing, else the latest that overlaps the window. */
function episodeToShade(detail: AlertDetailResponse): FiringEpisode | null {
  if (detail.firing.status !== 'ok' || detail.firing.data.length === 0) return null;
  const episodes = detail.firing.data;
  return episodes.find((episode) => episode.ongoing) ?? episodes[episodes.length - 1];
}

function AlertHeader({ detail, nowMs }: { detail: AlertDetailResponse; nowMs: number }) {
  const instance = detail.instance.status === 'ok' ? detail.instance.data : null;
  const labels = Object.entries(detail.labels).filter(([name]) => name !== 'alertname');
  const searchParams = new URLSearchParams({ from: String(detail.window.fromMs), to: String(detail.window.toMs) });
  if (detail.service) searchParams.set('service', detail.service);
  return (
    <header className={styles.header}>
      <div>
        <p className={styles.eyebrow}>Alert</p>
        <h1 className={styles.title} data-testid="alert-title">
          {detail.name}
          <SeverityBadge severity={detail.labels.severity ?? null} />
          {detail.instance.status === 'ok' && (
            <span className={instance ? STATE_CLASS[instance.state] ?? 'badge' : 'badge badge-ok'} data-testid="alert-state">
              {instance ? instance.state : 'not active now'}
            </span>
          )}
        </h1>
        <dl className={styles.facts}>
          {detail.service && (
            <div>
              <dt>Service</dt>
              <dd>{detail.service}</dd>
            </div>
          )}
          {instance?.activeAtMs != null && (
            <div>
              <dt>Active since</dt>
              <dd>
                <TimeAgo atMs={instance.activeAtMs} nowMs={nowMs} />
              </dd>
            </div>
          )}
          <div>
            <dt>Window</dt>
            <dd>
              {formatInstant(detail.window.fromMs)} to {formatInstant(detail.window.toMs)}
            </dd>
          </div>
        </dl>
        {labels.length > 0 && (
          <div className={styles.chips} style={{ marginTop: 6 }} aria-label="Labels">
            {labels.map(([name, value]) => (
              <span key={name} className={styles.chip}>
                {name}={value}
              </span>
            ))}
          </div>
        )}
        {instance?.annotations.summary && <p style={{ margin: '8px 0 0' }}>{instance.annotations.summary}</p>}
      </div>
      <div className={styles.actions}>
        <ShareButton />
        <Link className="btn" href={`/traces?${searchParams.toString()}`}>
          Search traces{detail.service ? ` of ${detail.service}` : ''}
        </Link>
      </div>
    </header>
  );
}

export function AlertView({ name }: { name: string }) {
  const params = useSearchParams();
  const nowMs = useNow();
  const query = new URLSearchParams();
  for (const key of ['labels', 'from', 'to']) {
    const value = params.get(key);
    if (value !== null) query.set(key, value);
  }
  const url = `/api/alerts/${encodeURIComponent(name)}?${query.toString()}`;
  const detail = useQuery({ queryKey: ['alert-detail', url], queryFn: ({ signal }) => fetchApi<AlertDetailResponse>(url, signal) });

  if (detail.isPending || detail.isError) {
    // The name is known from the address: say which alert this is while its data loads (or fails).
    return (
      <div data-testid="alert-view">
        <header className={styles.header}>
          <div>
            <p className={styles.eyebrow}>Alert</p>
            <h1 className={styles.title} data-testid="alert-title">
              {name}
            </h1>
          </div>
        </header>
        {detail.isPending ? (
          <Loading label="Loading the rule, its expression, exemplars and traces…" />
        ) : (
          <ErrorState title="Could not load this alert" message={detail.error.message} onRetry={() => detail.refetch()} />
        )}
      </div>
    );
  }
  const data = detail.data;
  const retry = () => void detail.refetch();
  // One Prometheus failure usually fails all of its parts the same way: say it once, in the rule's place.
  const ruleError = data.rule.status === 'error' ? data.rule.error : null;
  const repeatsRule = (error: SourceFailure) => ruleError !== null && error.backend === ruleError.backend && error.kind === ruleError.kind && error.message === ruleError.message;

  return (
    <div data-testid="alert-view">
      <AlertHeader detail={data} nowMs={nowMs} />
      {data.instance.status === 'error' && !repeatsRule(data.instance.error) && (
        <div className={styles.spaced}>
          <SourceError error={data.instance.error} what="Alert state" onRetry={retry} />
        </div>
      )}
      <div className={styles.layout}>
        <div className={styles.column}>
          {data.rule.status === 'error' ? (
            <SourceError error={data.rule.error} what="Alerting rule" onRetry={retry} />
          ) : data.rule.data === null ? (
            <EmptyState
              compact
              headingLevel={2}
              title={`No alerting rule named ${data.name}`}
              description="Prometheus lists no alerting rule by this name: the rule may have been renamed or removed, or it is evaluated by another Prometheus (or Mimir/Loki ruler). The traces of the alert's service are still listed."
            />
          ) : (
            <>
              {data.chart && (
                <AlertChartPanel rule={data.rule.data} chart={data.chart} exemplars={data.exemplars} episode={episodeToShade(data)} windowEndMs={data.window.toMs} onRetry={retry} />
              )}
              <AlertRulePanel rule={data.rule.data} />
            </>
          )}
          {data.firing.status === 'error' && !repeatsRule(data.firing.error) && <SourceError error={data.firing.error} what="Firing history" onRetry={retry} />}
        </div>
        <div className={styles.column}>
          <AlertTracesPanel
            service={data.service}
            slowest={data.slowest}
            failed={data.failed}
            windowEndMs={data.window.toMs}
            searchHref={`/traces?from=${data.window.fromMs}&to=${data.window.toMs}`}
            onRetry={retry}
          />
        </div>
      </div>
    </div>
  );
}
