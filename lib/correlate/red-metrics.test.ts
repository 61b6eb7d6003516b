import { describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import { readFixtureJson } from '../../test/fixtures';
import { detectRedProfile, exemplarSelector, rateWindowSeconds, redQueries, RED_PROFILES } from './red-metrics';

function parsesCleanly(query: string): boolean {
  let clean = true;
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) clean = false;
    },
  });
  return clean;
}

/** Every string literal in a query, unescaped by JSON rules (PromQL's escapes are a superset for these). */
function stringLiterals(query: string): string[] {
  const tree = parser.parse(query);
  const values: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.name === 'StringLiteral') values.push(JSON.parse(query.slice(node.from, node.to)) as string);
    },
  });
  return values;
}

describe('detectRedProfile', () => {
  it('finds Tempo 2.0 span metrics in a real Prometheus metric-name list', () => {
    const body = readFixtureJson('prometheus', 'label___name___values.json') as { data: string[] };
    expect(detectRedProfile(body.data)?.id).toBe('tempo-spanmetrics-v1');
  });

  it('prefers OpenTelemetry HTTP metrics and returns null when nothing fits', () => {
    expect(detectRedProfile(['http_server_request_duration_seconds_count', 'http_server_request_duration_seconds_bucket'])?.id).toBe('otel-http');
    expect(detectRedProfile(['up', 'go_goroutines'])).toBeNull();
  });
});

describe('redQueries', () => {
  it('builds valid PromQL for every profile', () => {
    for (const profile of RED_PROFILES) {
      const queries = redQueries(profile, 'payment', 15_000);
      for (const query of Object.values(queries)) expect(parsesCleanly(query), query).toBe(true);
      expect(queries.rate).toContain('service="payment"');
    }
  });

  it('keeps a hostile service name inside its string literal', () => {
    const hostile = 'x"} or vector(1) # \\ \n';
    const queries = redQueries(RED_PROFILES[0], hostile, 15_000);
    for (const query of Object.values(queries)) {
      expect(parsesCleanly(query), query).toBe(true);
      expect(stringLiterals(query)).toContain(hostile);
    }
    expect(parsesCleanly(exemplarSelector(RED_PROFILES[1], hostile))).toBe(true);
  });

  it('widens the rate window with the step', () => {
    expect(rateWindowSeconds(15_000)).toBe(60);
    expect(rateWindowSeconds(300_000)).toBe(600);
  });
});
