'use client';
// Alert quality: how many alert episodes began during a real SLO burn (alerts that matter) against noise, the
// noisiest alerts, and the burns no alert fired for.
import { SeverityBadge } from '@/components/investigation/home/SeverityBadge';
import { Notice } from '@/components/shell/Notice';
import { formatShare, formatSpan, formatZoned } from '@/lib/report/format';
import type { AlertQualitySection } from '@/lib/report/types';
import styles from './report.module.css';

export function AlertQualityPanel({ data, timeZone }: { data: AlertQualitySection; timeZone: string }) {
  const missed = data.burns.filter((burn) => burn.alertedBy.length === 0);
  return (
    <>
      {!data.complete && <Notice kind="partial">Some SLO burns or alert history could not be read: these numbers leave them out.</Notice>}
      <div className={styles.bigNumbers}>
        <div className={styles.bigNumber} data-testid="alert-quality-share">
          <strong>{formatShare(data.share)}</strong>
          <span>
            of alert episodes ({data.matched} of {data.episodes}) began during a real SLO burn
          </span>
        </div>
        <div className={styles.bigNumber}>
          <strong>{data.episodes - data.matched}</strong>
          <span>episodes were noise: no SLO was burning when they fired</span>
        </div>
        <div className={styles.bigNumber}>
          <strong>{formatShare(data.firingMs > 0 ? data.firingInBurnMs / data.firingMs : null)}</strong>
          <span>of all firing time ({formatSpan(data.firingMs)}) fell within a burn</span>
        </div>
        <div className={styles.bigNumber}>
          <strong>{data.burns.length}</strong>
          <span>
            SLO burns; <b>{data.missedBurns}</b> without any alert
          </span>
        </div>
      </div>
      <div className={styles.split}>
        <div>
          <h3>Noisiest alerts</h3>
          {data.noisiest.length === 0 ? (
            <p className="muted">No alert fired outside an SLO burn.</p>
          ) : (
            <table className="table" data-testid="noisiest-alerts">
              <thead>
                <tr>
                  <th>Alert</th>
                  <th>Severity</th>
                  <th className={styles.num}>Noise</th>
                  <th className={styles.num}>Episodes</th>
                  <th className={styles.num}>Firing outside burns</th>
                </tr>
              </thead>
              <tbody>
                {data.noisiest.map((entry) => (
                  <tr key={entry.name}>
                    <td>{entry.name}</td>
                    <td>
                      <SeverityBadge severity={entry.severity} />
                    </td>
                    <td className={styles.num}>{entry.noise}</td>
                    <td className={styles.num}>{entry.episodes}</td>
                    <td className={styles.num}>{formatSpan(entry.firingMs - entry.firingInBurnMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>Every alert</h3>
          <table className="table">
            <thead>
              <tr>
                <th>Alert</th>
                <th className={styles.num}>Matters</th>
                <th className={styles.num}>Episodes</th>
                <th className={styles.num}>Firing</th>
              </tr>
            </thead>
            <tbody>
              {data.byAlert.map((entry) => (
                <tr key={entry.name}>
                  <td>{entry.name}</td>
                  <td className={styles.num}>{formatShare(entry.episodes > 0 ? entry.matched / entry.episodes : null)}</td>
                  <td className={styles.num}>{entry.episodes}</td>
                  <td className={styles.num}>{formatSpan(entry.firingMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {missed.length > 0 && (
        <>
          <h3>Burns without an alert</h3>
          <ul className={styles.redDays}>
            {missed.slice(0, 20).map((burn) => (
              <li key={`${burn.sloId}@${burn.startMs}`}>
                {burn.service} · {burn.sloName}: {formatZoned(burn.startMs, timeZone)} for {formatSpan(burn.endMs - burn.startMs)}, {formatShare(burn.budgetShare)} of the month’s budget (peak {Math.round(burn.peakBurnRate)}×)
              </li>
            ))}
          </ul>
        </>
      )}
      <p className={styles.method}>
        A burn is a stretch of hours in which an SLO burned its error budget more than {data.rule.burnRateThreshold}× faster than sustainable and spent at least{' '}
        {formatShare(data.rule.minBudgetShare)} of the month’s budget. An alert episode matters when it began during a burn (±{formatSpan(data.rule.toleranceMs)}): the burn is what it
        was telling you about. Always-on and flapping alerts count as noise even where they overlap a burn.
      </p>
    </>
  );
}
