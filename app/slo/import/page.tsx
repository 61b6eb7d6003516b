import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/PageHeader';
import { SloImport } from '@/components/slo/SloImport';

export const metadata: Metadata = { title: 'Import SLOs' };

export default function ImportSlosPage() {
  return (
    <div className="page">
      <PageHeader title="Import SLOs" description="Paste or upload Sloth specs or OpenSLO documents; preview, then import." />
      <SloImport />
    </div>
  );
}
