import Link from 'next/link';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { PageHeader } from '@/components/shell/PageHeader';
import { currentTimeMs, describeTimeRange, hrefWithTimeRange, parseTimeRangeParams } from '@/lib/time-range';

// Placeholder home: the real "what is on fire" view (alerts + SLO tiles) replaces it.
const JOURNEYS = [
  { href: '/traces', title: 'Traces', text: 'Search traces and open one timeline: spans, their logs, RED metrics and profiles.' },
  { href: '/slo', title: 'SLOs', text: 'Objectives, error budgets and multiwindow burn rates.' },
  { href: '/reports', title: 'Reports', text: 'The monthly review: attainment, incidents, alert quality and coverage.' },
  { href: '/settings/datasources', title: 'Datasources', text: 'Which Prometheus, Loki, Tempo, Pyroscope and Alertmanager this console reads.' },
];

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseTimeRangeParams(await searchParams, currentTimeMs());
  return (
    <div className="page">
      <PageHeader title="What is on fire" description={parsed.ok ? describeTimeRange(parsed.raw, parsed.value.toMs) : undefined} />
      {parsed.ok ? (
        <EmptyState
          title="Firing alerts and SLO tiles will appear here"
          description="This home page is a placeholder while the alert view is being built. Start from traces, SLOs or the monthly review."
        />
      ) : (
        <ErrorState title="Invalid time range" message={parsed.error} />
      )}
      <div className="grid">
        {JOURNEYS.map((j) => (
          <Link key={j.href} href={hrefWithTimeRange(j.href, parsed.raw)} className="card journey-card">
            <h2>{j.title}</h2>
            <p>{j.text}</p>
          </Link>
        ))}
      </div>
    </div>
  );
}
