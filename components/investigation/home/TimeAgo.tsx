import { formatAgo } from '@/lib/investigation/alerts/relative-time';
import { formatInstant } from '@/lib/time-range';

/** "12 min ago", with the absolute instant on hover and for assistive technology. */
export function TimeAgo({ atMs, nowMs }: { atMs: number; nowMs: number }) {
  const absolute = formatInstant(atMs);
  return (
    <time dateTime={new Date(atMs).toISOString()} title={absolute} aria-label={`${formatAgo(atMs, nowMs)} (${absolute})`}>
      {formatAgo(atMs, nowMs)}
    </time>
  );
}
