// Label matching with Prometheus semantics: a missing label equals "", regexes are Go regexps fully anchored
// (translated by demo/query's go-regex, so servers and engines agree on what a matcher selects).
import { compileGoRegex } from '../query/shared/go-regex';
import type { LabelMatcher, Labels } from '../query/types';

const regexCache = new Map<string, RegExp>();

/** A fully anchored RegExp for a Go regexp; throws GoRegexError for invalid patterns. */
export function anchoredRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = compileGoRegex(pattern, { anchored: true });
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

export function matchesOne(value: string, matcher: LabelMatcher): boolean {
  switch (matcher.type) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchoredRegex(matcher.value).test(value);
    case '!~':
      return !anchoredRegex(matcher.value).test(value);
  }
}

export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  for (const matcher of matchers) {
    if (!matchesOne(labels[matcher.name] ?? '', matcher)) return false;
  }
  return true;
}

// One label-set identity for servers and engines, so that both key (and order) series alike.
export { labelsKey } from '../query/shared/labels';

export function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const name of Object.keys(labels).sort()) out[name] = labels[name];
  return out;
}
