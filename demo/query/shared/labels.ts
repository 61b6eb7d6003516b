// Label sets and label matchers, with Prometheus semantics: a missing label equals "", regexps are Go
// regexps fully anchored. The simulation's stores may use `compileMatchers` so that they and the engines
// agree on what a matcher selects.
import type { LabelMatcher, Labels } from '../types';
import { compileGoRegex } from './go-regex';

export const METRIC_NAME_LABEL = '__name__';

export type ValuePredicate = (value: string) => boolean;

/** A predicate for one matcher. Throws GoRegexError for an invalid regexp. */
export function compileMatcher(matcher: LabelMatcher): ValuePredicate {
  switch (matcher.type) {
    case '=':
      return (value) => value === matcher.value;
    case '!=':
      return (value) => value !== matcher.value;
    case '=~': {
      const re = compileGoRegex(matcher.value, { anchored: true });
      return (value) => re.test(value);
    }
    case '!~': {
      const re = compileGoRegex(matcher.value, { anchored: true });
      return (value) => !re.test(value);
    }
  }
}

/** One predicate over a whole label set for all matchers (AND). Throws GoRegexError. */
export function compileMatchers(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const compiled = matchers.map((m) => ({ name: m.name, test: compileMatcher(m) }));
  return (labels) => compiled.every((m) => m.test(labels[m.name] ?? ''));
}

/** Whether the matcher selects the empty string, i.e. also series without the label. */
export function matchesEmpty(matcher: LabelMatcher): boolean {
  return compileMatcher(matcher)('');
}

/** A stable identity for a label set (order-independent). */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const name of names) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/** The label set without empty values (Prometheus never stores those). */
export function withoutEmpty(labels: Labels): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels)) if (value !== '') out[name] = value;
  return out;
}

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME_LABEL in labels)) return labels;
  const out = { ...labels };
  delete out[METRIC_NAME_LABEL];
  return out;
}

/** Prometheus' rendering of a label set, e.g. {job="api", le="0.5"}; used in error messages. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
}

export function isValidLabelName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}
