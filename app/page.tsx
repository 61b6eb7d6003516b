import { Suspense } from 'react';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { PageHeader } from '@/components/shell/PageHeader';
import { ShareButton } from '@/components/share/ShareButton';
import { HomeAlerts } from '@/components/investigation/home/HomeAlerts';
import { SloTiles } from '@/components/slo/SloTiles';
import { currentTimeMs, describeTimeRange, parseTimeRangeParams } from '@/lib/time-range';

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseTimeRangeParams(await searchParams, currentTimeMs());
  return (
    <div className="page">
      <PageHeader
        title="What is on fire"
        description={parsed.ok ? `Alerts firing now, and those that fired and resolved in: ${describeTimeRange(parsed.raw, parsed.value.toMs)}` : undefined}
        actions={parsed.ok ? <ShareButton /> : undefined}
      />
      {parsed.ok ? (
        // useSearchParams inside: Suspense boundaries keep the rest of the page static-renderable.
        <>
          <Suspense fallback={<Loading label="Loading alerts…" />}>
            <HomeAlerts />
          </Suspense>
          <section aria-label="SLOs">
            <h2>SLOs</h2>
            <Suspense fallback={<Loading label="Loading SLOs…" />}>
              <SloTiles />
            </Suspense>
          </section>
        </>
      ) : (
        <ErrorState title="Invalid time range" message={parsed.error} />
      )}
    </div>
  );
}
