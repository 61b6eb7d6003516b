import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { AlertView } from '@/components/investigation/alert/AlertView';
import { parseAlertName } from '@/lib/investigation/alerts/alert-ref';

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const parsed = parseAlertName((await params).name);
  return { title: parsed.ok ? `Alert ${parsed.value}` : 'Alert' };
}

/** /alerts/<alertname>?labels=<JSON label set>&from&to — the name arrives decoded. */
export default async function AlertPage({ params }: { params: Params }) {
  const parsed = parseAlertName((await params).name);
  return (
    <div className="page">
      {parsed.ok ? (
        <Suspense fallback={<Loading label="Loading the alert…" />}>
          <AlertView name={parsed.value} />
        </Suspense>
      ) : (
        <ErrorState headingLevel={1} title="Not an alert name" message={parsed.error} />
      )}
    </div>
  );
}
