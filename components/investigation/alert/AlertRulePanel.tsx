// The alerting rule behind the alert: its expression, `for`, labels, annotations and runbook.
import { Fragment } from 'react';
import type { AlertRuleInfo } from '@/lib/investigation/alerts/types';
import { formatSpan } from '@/lib/investigation/alerts/relative-time';
import styles from './alert-view.module.css';

// Shown on their own (summary, runbook) or as the header: left out of the annotation list.
const SEPARATE_ANNOTATIONS = new Set(['summary', 'runbook_url', 'runbook', 'runbookUrl', 'runbook_link']);

export function AlertRulePanel({ rule }: { rule: AlertRuleInfo }) {
  const annotations = Object.entries(rule.annotations).filter(([name]) => !SEPARATE_ANNOTATIONS.has(name));
  return (
    <section className={styles.panel} aria-labelledby="rule-heading" data-testid="alert-rule">
      <div className={styles.panelHeader}>
        <h2 id="rule-heading">Rule</h2>
        <span className="muted">group {rule.group}</span>
      </div>
      <pre className={styles.expr} data-testid="alert-expr">
        {rule.query}
      </pre>
      <dl className={styles.ruleGrid}>
        <dt>For</dt>
        <dd>{rule.forSeconds > 0 ? formatSpan(rule.forSeconds * 1000) : 'fires at once'}</dd>
        {rule.comparison && (
          <>
            <dt>Threshold</dt>
            <dd>
              <span className="mono">
                {rule.comparison.op} {rule.comparison.threshold}
              </span>
            </dd>
          </>
        )}
        {Object.keys(rule.labels).length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className={styles.chips}>
              {Object.entries(rule.labels).map(([name, value]) => (
                <span key={name} className={styles.chip}>
                  {name}={value}
                </span>
              ))}
            </dd>
          </>
        )}
        {rule.annotations.summary && (
          <>
            <dt>Summary</dt>
            <dd>{rule.annotations.summary}</dd>
          </>
        )}
        {annotations.map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>Runbook</dt>
        <dd>
          {rule.runbookUrl ? (
            <a href={rule.runbookUrl} target="_blank" rel="noopener noreferrer" data-testid="runbook-link">
              {rule.runbookUrl}
            </a>
          ) : (
            <span className="muted">none linked (annotation runbook_url)</span>
          )}
        </dd>
        {rule.health !== 'ok' && (
          <>
            <dt>Health</dt>
            <dd className="badge badge-danger">{rule.health}</dd>
          </>
        )}
      </dl>
      {(rule.alsoMatching > 0 || !rule.labelsMatched) && (
        <p className={styles.meta}>
          {rule.labelsMatched
            ? `${rule.alsoMatching} other rule(s) share this name and labels; showing the one with the most matching labels.`
            : 'No rule of this name carries all of its labels on this alert; showing the first rule of that name.'}
        </p>
      )}
    </section>
  );
}
