import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/PageHeader';
import { SloForm } from '@/components/slo/SloForm';

export const metadata: Metadata = { title: 'New SLO' };

export default function NewSloPage() {
  return (
    <div className="page">
      <PageHeader
        title="New SLO"
        description={
          <>
            An objective for the share of good events, read from Prometheus. Have a Sloth or OpenSLO spec? <Link href="/slo/import">Import it</Link>.
          </>
        }
      />
      <SloForm />
    </div>
  );
}
