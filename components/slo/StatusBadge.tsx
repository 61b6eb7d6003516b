import { STATUS_LABELS, type BurnStatus } from '@/lib/slo/burn-rate';
import styles from './slo.module.css';

const HINTS: Record<BurnStatus, string> = {
  critical: 'Both windows burn above the threshold: the alert fires',
  recovering: 'The long window still burns above the threshold, the short one no longer does',
  increasing: 'The short window burns above the threshold, the long one not yet',
  acceptable: 'Both windows burn below the threshold',
  'no-data': 'Prometheus has no data for these windows',
};

export function StatusBadge({ status, title }: { status: BurnStatus; title?: string }) {
  return (
    <span className={`badge ${styles.status}`} data-status={status} title={title ?? HINTS[status]}>
      {STATUS_LABELS[status]}
    </span>
  );
}
