import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/shell/Loading';
import { PageHeader } from '@/components/shell/PageHeader';
import { ShareButton } from '@/components/share/ShareButton';
import { TraceSearch } from '@/components/investigation/search/TraceSearch';

export const metadata: Metadata = { title: 'Traces' };

/** /traces?service=&minDuration=&maxDuration=&status=any|error|ok&q=&limit=&from=&to= */
export default function TracesPage() {
  return (
    <div className="page">
      <PageHeader title="Traces" description="Search Tempo by service, duration and status, or with your own TraceQL." actions={<ShareButton />} />
      <Suspense fallback={<Loading label="Loading trace search…" />}>
        <TraceSearch />
      </Suspense>
    </div>
  );
}
