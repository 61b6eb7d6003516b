// Prometheus-style label matching, shared by the metric, log and profile stores: regexes are fully anchored and a
// missing label matches as the empty string.
import { QueryError, type LabelMatcher, type Labels } from '../query/types';

export type LabelPredicate = (labels: Readonly<Record<string, string>>) => boolean;

const regexCache = new Map<string, RegExp>();

function anchored(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 's');
    } catch {
      throw new QueryError(`invalid regular expression in label matcher: ${pattern}`, 'parse');
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

export function matcherPredicate(m: LabelMatcher): (value: string) => boolean {
  switch (m.type) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = anchored(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = anchored(m.value);
      return (v) => !re.test(v);
    }
  }
}

export function compileMatchers(matchers: readonly LabelMatcher[]): LabelPredicate {
  const tests = matchers.map((m) => ({ name: m.name, test: matcherPredicate(m) }));
  return (labels) => {
    for (const t of tests) if (!t.test(labels[t.name] ?? '')) return false;
    return true;
  };
}

/** The values an equality matcher pins a label to, or null when the matchers do not pin it. */
export function pinnedValue(matchers: readonly LabelMatcher[], name: string): string | null {
  for (const m of matchers) if (m.name === name && m.type === '=') return m.value;
  return null;
}

export function sortedLabelNames(labelSets: Iterable<Labels>): string[] {
  const names = new Set<string>();
  for (const labels of labelSets) for (const name of Object.keys(labels)) names.add(name);
  return [...names].sort();
}
