// The alerting rule behind an alert: Prometheus lists rules by group, and several rules may share a name
// (one per severity, one per cluster); the one that produced this alert is the one whose own labels the alert
// carries. Pure.
import type { AlertingRule, Labels, Rule } from '../../model/metrics';
import { labelsInclude } from './alert-ref';

export interface RuleMatch {
  rule: AlertingRule;
  /** Other alerting rules with the same name that also match these labels. */
  alsoMatching: number;
  /** False when no rule's labels are all on the alert (templated rule labels): the first rule of that name was taken. */
  labelsMatched: boolean;
}

/** The rule named `name` whose labels the alert carries, preferring the one with the most labels in common. */
export function findAlertingRule(rules: readonly Rule[], name: string, alertLabels: Labels): RuleMatch | null {
  const candidates = rules.filter((rule): rule is AlertingRule => rule.type === 'alerting' && rule.name === name);
  const matching = candidates.filter((rule) => labelsInclude(alertLabels, rule.labels));
  // None matching (no labels given, or rule labels written as templates): the first rule of that name.
  const pool = matching.length > 0 ? matching : candidates;
  if (pool.length === 0) return null;
  const best = pool.reduce((a, b) => (Object.keys(b.labels).length > Object.keys(a.labels).length ? b : a));
  return { rule: best, alsoMatching: pool.length - 1, labelsMatched: matching.length > 0 };
}

const RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook', 'runbookUrl', 'runbook_link'];

/**
 * The runbook link, only when it is an absolute http(s) URL: annotations are free text, and a
 * `javascript:` URL in an href would run in the console's origin.
 */
export function runbookUrl(annotations: Record<string, string>): string | null {
  for (const name of RUNBOOK_ANNOTATIONS) {
    const raw = annotations[name]?.trim();
    if (!raw) continue;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {
      // Not a URL (e.g. a wiki page name): shown as text with the other annotations, never as a link.
    }
  }
  return null;
}
