import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/shell/PageHeader';
import { SloForm } from '@/components/slo/SloForm';
import { parseSloId } from '@/lib/slo/requests';
import { getSloById } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit SLO' };

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseSloId((await params).id);
  if (!id.ok) notFound();
  const slo = await getSloById(id.value);
  if (!slo) notFound();
  return (
    <div className="page">
      <PageHeader title={`Edit ${slo.name}`} description={`${slo.service} · version ${slo.version}`} />
      <SloForm initial={slo} />
    </div>
  );
}
