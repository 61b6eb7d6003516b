import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { Loading } from '@/components/shell/Loading';
import { PageHeader } from '@/components/shell/PageHeader';
import { ShareButton } from '@/components/share/ShareButton';
import { DeleteSloButton } from '@/components/slo/DeleteSloButton';
import { SloDetail } from '@/components/slo/SloDetail';
import { describeWindow, formatObjective } from '@/lib/slo/model';
import { parseSloId } from '@/lib/slo/requests';
import { getSloById } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

async function load(params: Props['params']) {
  const id = parseSloId((await params).id);
  if (!id.ok) notFound();
  const slo = await getSloById(id.value);
  if (!slo) notFound();
  return slo;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slo = await load(params);
  return { title: `${slo.name} · ${slo.service}` };
}

export default async function SloPage({ params }: Props) {
  const slo = await load(params);
  return (
    <div className="page">
      <PageHeader
        title={slo.name}
        description={`${slo.service} · ${formatObjective(slo.objective)} over ${describeWindow(slo.window)}`}
        actions={
          <>
            <Link className="btn" href={`/slo/${encodeURIComponent(slo.id)}/edit`}>
              Edit
            </Link>
            <a className="btn" href={`/api/slo/${encodeURIComponent(slo.id)}/rules`} download>
              Export rules
            </a>
            <DeleteSloButton id={slo.id} version={slo.version} name={slo.name} />
            <ShareButton />
          </>
        }
      />
      <Suspense fallback={<Loading label="Loading the SLO…" />}>
        <SloDetail slo={slo} />
      </Suspense>
    </div>
  );
}
