import { Suspense } from 'react';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { PageHeader } from '@/components/shell/PageHeader';
import { HomeAlerts } from '@/components/investigation/home/HomeAlerts';
import { currentTimeMs, describeTimeRange, parseTimeRangeParams } from '@/lib/time-range';

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseTimeRangeParams(await searchParams, currentTimeMs());
  return (
    <div className="page">
      <PageHeader
        title="What is on fire"
        description={parsed.ok ? `Alerts firing now, and those that fired and resolved in: ${describeTimeRange(parsed.raw, parsed.value.toMs)}` : undefined}
      />
      {/* SLO tiles slot: the SLO work renders its tiles (budget left, fastest burn) here; nothing until it exists. */}
      {parsed.ok ? (
        // useSearchParams inside: a Suspense boundary keeps the rest of the page static-renderable.
        <Suspense fallback={<Loading label="Loading alerts…" />}>
          <HomeAlerts />
        </Suspense>
      ) : (
        <ErrorState title="Invalid time range" message={parsed.error} />
      )}
    </div>
  );
}
