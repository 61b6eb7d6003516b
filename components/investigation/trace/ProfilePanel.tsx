'use client';
// The selected span's profile: its own span profile, or the service's profile over the span's window (the
// panel says which, and why), with a profile type picker and a diff against the same window an hour earlier.
import { useQuery } from '@tanstack/react-query';
import { FlameGraph } from '@/components/flame-graph/FlameGraph';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import type { TraceProfileResponse } from '@/lib/investigation/api-types';
import { formatBaselineSpec, type BaselineSpec } from '@/lib/investigation/trace-url';
import type { SpanId } from '@/lib/model/trace';
import { apiPath, fetchApi } from './api';
import { SourceError, sourceErrorText } from './SourceError';
import styles from './trace-view.module.css';

export interface ProfilePanelProps {
  traceId: string;
  spanId: SpanId;
  spanLabel: string;
  profileType: string | null;
  diff: BaselineSpec;
  /** Where the trace lies (epoch ms): tells Tempo which blocks to read if the server has to read it again. */
  traceWindow: { startMs: number; endMs: number };
  onProfileTypeChange: (profileType: string) => void;
  onDiffChange: (diff: BaselineSpec) => void;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** A readable name for a profile type id: "cpu", "alloc_space"... */
function profileTypeLabel(type: { id: string; name: string; sampleType: string }): string {
  return `${type.sampleType} (${type.name})`;
}

export function ProfilePanel({ traceId, spanId, spanLabel, profileType, diff, traceWindow, onProfileTypeChange, onDiffChange }: ProfilePanelProps) {
  const hintFrom = String(Math.floor(traceWindow.startMs / 1000) * 1000 - 60_000);
  const hintTo = String(Math.ceil(traceWindow.endMs / 1000) * 1000 + 60_000);
  const query = useQuery({
    queryKey: ['trace-profile', traceId, spanId, profileType, formatBaselineSpec(diff), hintFrom, hintTo],
    queryFn: ({ signal }) =>
      fetchApi<TraceProfileResponse>(
        apiPath(traceId, 'profile', {
          span: spanId,
          profileType,
          baseline: diff.kind === 'none' ? null : formatBaselineSpec(diff),
          from: hintFrom,
          to: hintTo,
        }),
        signal,
      ),
    staleTime: 60_000,
    placeholderData: (previous) => (previous?.spanId === spanId ? previous : undefined),
  });

  if (query.isPending) return <Loading label={`Reading the profile of ${spanLabel} from Pyroscope…`} />;
  if (query.isError) return <ErrorState compact headingLevel={3} title="Could not load the profile" message={query.error.message} onRetry={() => query.refetch()} />;

  const profile = query.data;
  const types = profile.profileTypes.status === 'ok' ? profile.profileTypes.data : [];
  const selectedType = profile.profileTypeId;
  const showDiff = diff.kind !== 'none' && profile.diff !== null;

  return (
    <div className={styles.profile} data-testid="trace-profile" data-span-id={profile.spanId} aria-busy={query.isFetching}>
      <div className={styles.profileToolbar}>
        <label className={styles.inline}>
          Profile
          <select
            className="input"
            value={selectedType}
            onChange={(event) => onProfileTypeChange(event.target.value)}
            disabled={types.length === 0}
            aria-label="Profile type"
          >
            {types.some((t) => t.id === selectedType) ? null : <option value={selectedType}>{selectedType}</option>}
            {types.map((type) => (
              <option key={type.id} value={type.id}>
                {profileTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.inline}>
          <input
            type="checkbox"
            checked={diff.kind !== 'none'}
            onChange={(event) => onDiffChange(event.target.checked ? { kind: 'hour' } : { kind: 'none' })}
          />
          Diff vs 1 h earlier
        </label>
        {query.isFetching ? <span className="muted">updating…</span> : null}
      </div>

      {profile.profileTypes.status === 'error' ? (
        <p className={styles.none}>Profile types unavailable ({sourceErrorText(profile.profileTypes.error)}).</p>
      ) : null}

      {profile.plan.status === 'error' ? (
        <SourceError error={profile.plan.error} what="Profile" onRetry={() => query.refetch()} />
      ) : (
        <>
          <p className={styles.profileMode} data-testid="profile-mode" data-mode={profile.plan.data.mode}>
            <strong>{profile.plan.data.mode === 'span' ? 'Span profile' : "Service profile over the span's window"}</strong>
            {' · '}
            {profile.plan.data.service}, {clock(profile.plan.data.startMs)}–{clock(profile.plan.data.endMs)} UTC
            <br />
            <span className="muted">{profile.plan.data.reason}</span>
          </p>
          {profile.baseline && profile.baseline.status.status === 'error' ? (
            <Notice kind="partial" title="No baseline">
              {sourceErrorText(profile.baseline.status.error)}; showing the profile without the diff.
            </Notice>
          ) : null}
          {profile.baseline && showDiff ? (
            <p className="muted">
              Compared with {profile.plan.data.service} from {clock(profile.baseline.startMs)} to {clock(profile.baseline.endMs)} UTC, scaled to the
              same total: red grew, blue shrank.
            </p>
          ) : null}
          {profile.graph === null ? null : profile.graph.status === 'error' ? (
            <SourceError error={profile.graph.error} what="Flame graph" onRetry={() => query.refetch()} />
          ) : (
            <FlameGraph
              graph={showDiff && profile.diff ? profile.diff : profile.graph.data}
              diff={showDiff}
              title={`${spanLabel}${showDiff ? ' (diff)' : ''}`}
              height={460}
            />
          )}
        </>
      )}
    </div>
  );
}
