import { formatBudgetShare } from '@/lib/slo/format';
import styles from './slo.module.css';

/** The budget left as a bar: full is the whole budget, empty (red) is spent or overspent. */
export function BudgetBar({ remaining, label }: { remaining: number | null; label?: string }) {
  const width = remaining === null ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  const tone = remaining === null ? 'none' : remaining <= 0 ? 'spent' : remaining < 0.25 ? 'low' : 'ok';
  return (
    <span className={styles.budget} data-tone={tone} data-remaining={remaining ?? undefined}>
      <span className={styles.budgetTrack} aria-hidden="true">
        <span className={styles.budgetFill} style={{ width: `${width}%` }} />
      </span>
      <span className={styles.budgetText}>{label ?? formatBudgetShare(remaining)}</span>
    </span>
  );
}
