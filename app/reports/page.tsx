import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/PageHeader';
import { ErrorState } from '@/components/shell/ErrorState';
import { MonthList } from '@/components/report/MonthList';
import { listReportMonths } from '@/lib/report/report-service';

export const metadata: Metadata = { title: 'Monthly reviews' };
// Reads the database (snapshots): never prerendered at build time.
export const dynamic = 'force-dynamic';

/** /reports — the months to review, newest first, in the configured time zone, with their snapshots. */
export default async function ReportsPage() {
  let listing: Awaited<ReturnType<typeof listReportMonths>> | null = null;
  try {
    listing = await listReportMonths();
  } catch (error) {
    console.error('weft report: listing months failed', error);
  }
  return (
    <div className="page">
      <PageHeader
        title="Monthly reviews"
        description="One page per calendar month for the reliability review: SLO attainment, incidents, alert quality, telemetry coverage, maturity and action items."
        actions={listing ? <Link className="btn btn-primary" href={`/reports/${listing.months[1]?.label ?? listing.months[0].label}`}>Open last month</Link> : undefined}
      />
      {listing ? (
        <MonthList timeZone={listing.timeZone} months={listing.months} />
      ) : (
        <ErrorState title="Could not list the months" message="The database could not be read; the details are in the server log." />
      )}
    </div>
  );
}
