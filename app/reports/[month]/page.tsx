import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { ReportView } from '@/components/report/ReportView';
import { monthTitle, parseReportMonth } from '@/lib/report/month';

type Params = Promise<{ month: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValue(value: string | string[] | undefined): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.trim() !== '' ? one.trim() : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { month } = await params;
  const parsed = parseReportMonth(month, 'UTC');
  return { title: parsed.ok ? `Review ${monthTitle(month)}` : 'Monthly review' };
}

/** /reports/<yyyy-mm>?tz=<IANA zone>&live=1 — the month and zone are checked here, the rest is the client view. */
export default async function ReportPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { month } = await params;
  const tz = firstValue((await searchParams).tz);
  // The zone is checked with the month; the configured zone (when tz is absent) is the server's to resolve.
  const parsed = parseReportMonth(month, tz ?? 'UTC');
  return (
    <div className="page">
      {parsed.ok ? (
        <Suspense fallback={<Loading label="Loading the report…" />}>
          <ReportView month={month} tz={tz} />
        </Suspense>
      ) : (
        <ErrorState headingLevel={1} title="Not a report month" message={parsed.error} />
      )}
    </div>
  );
}
