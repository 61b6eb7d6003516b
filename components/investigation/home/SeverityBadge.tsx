import { severityRank } from '@/lib/investigation/alerts/alert-list';

/** The alert's severity label as written by the rule, coloured by how urgent it is. */
export function SeverityBadge({ severity }: { severity: string | null }) {
  const rank = severityRank(severity);
  const tone = rank <= 1 ? ' badge-danger' : rank <= 2 ? ' badge-warning' : '';
  return <span className={`badge${tone}`}>{severity ?? 'no severity'}</span>;
}
