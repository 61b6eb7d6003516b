import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { Loading } from '@/components/shell/Loading';
import { PageHeader } from '@/components/shell/PageHeader';
import { ShareButton } from '@/components/share/ShareButton';
import { SloList } from '@/components/slo/SloList';
import { getSloList } from '@/lib/slo/slo-service';

export const metadata: Metadata = { title: 'SLOs' };
// Reads the database on every request (and must not open it during the build).
export const dynamic = 'force-dynamic';

export default async function SloListPage() {
  const slos = await getSloList();
  return (
    <div className="page">
      <PageHeader
        title="Service level objectives"
        description="Error budgets and multiwindow burn rates (Google SRE Workbook: page 1h/5m and 6h/30m, ticket 1d/2h and 3d/6h)."
        actions={
          <>
            <Link className="btn btn-primary" href="/slo/new">
              New SLO
            </Link>
            <Link className="btn" href="/slo/import">
              Import
            </Link>
            <a className="btn" href="/api/slo/rules" download>
              Export rules
            </a>
            <ShareButton />
          </>
        }
      />
      {/* useSearchParams (the time range) inside: a Suspense boundary. */}
      <Suspense fallback={<Loading label="Loading SLOs…" />}>
        <SloList initialSlos={slos} />
      </Suspense>
    </div>
  );
}
