// The four window pairs at the evaluation instant: each window's burn rate against the pair's threshold,
// the status label, and a low-traffic mark when the short window holds too few requests to mean anything.
import { isBurning } from '@/lib/slo/burn-rate';
import type { BurnRates } from '@/lib/slo/burn-status';
import { describeDuration } from '@/lib/slo/durations';
import { formatBurnRate, formatEvents } from '@/lib/slo/format';
import { StatusBadge } from './StatusBadge';
import styles from './slo.module.css';

function Burn({ rate, threshold }: { rate: number | null; threshold: number }) {
  const share = rate === null ? 0 : Math.min(1, rate / (threshold * 2));
  return (
    <span className={styles.burn} data-above={rate !== null && rate > threshold ? 'true' : 'false'}>
      <span className={styles.burnTrack} aria-hidden="true">
        <span className={styles.burnFill} style={{ width: `${share * 100}%` }} />
        <span className={styles.burnMark} />
      </span>
      <span className={styles.num}>{formatBurnRate(rate)}</span>
    </span>
  );
}

export function BurnRateTable({ burn }: { burn: BurnRates }) {
  return (
    <div className={styles.tableWrap}>
      <table className="table" data-testid="burn-rate-table">
        <caption className="visually-hidden">Multiwindow burn rates against their thresholds</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Long window</th>
            <th scope="col">Short window</th>
            <th scope="col">Threshold</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {burn.pairs.map((pair, index) => {
            const worst = index === burn.worstPairIndex && isBurning(pair.status);
            return (
            <tr key={`${pair.long}/${pair.short}`} data-testid="burn-pair" data-pair={`${pair.long}/${pair.short}`} data-status={pair.status} data-worst={worst ? 'true' : undefined} className={worst ? styles.worstRow : undefined}>
              <td>
                <span className={styles.severity} data-severity={pair.severity}>
                  {pair.severity}
                </span>
                <div className={styles.sloMeta}>{Math.round(pair.budgetFraction * 100)} % of the budget in {describeDuration(pair.longWindowMs)}</div>
              </td>
              <td>
                <span className={styles.windowName}>{pair.long}</span> <Burn rate={pair.longBurnRate} threshold={pair.threshold} />
              </td>
              <td>
                <span className={styles.windowName}>{pair.short}</span> <Burn rate={pair.shortBurnRate} threshold={pair.threshold} />
                {pair.lowTraffic && (
                  <div className={styles.lowTraffic} title={`Below ${pair.minEvents} requests one failure alone crosses ${formatBurnRate(pair.threshold)}`}>
                    Low traffic: {formatEvents(pair.shortEvents)} requests
                  </div>
                )}
              </td>
              <td className={styles.num}>{formatBurnRate(pair.threshold)}</td>
              <td>
                <StatusBadge status={pair.status} />
              </td>
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
