import { describe, expect, it } from 'vitest';
import { buildTraceTree } from './build-trace-tree';
import { queryTerms, searchSpans } from './search-spans';
import { makeTrace } from './synthetic';

const tree = buildTraceTree(
  makeTrace([
    { id: 'aaaa000000000001', startUs: 0, durationUs: 100, service: 'gateway', name: 'GET /api/orders' },
    {
      id: 'aaaa000000000002',
      parent: 'aaaa000000000001',
      startUs: 10,
      durationUs: 50,
      service: 'payment',
      name: 'PaymentService.Charge',
      attributes: { 'http.status_code': 502, 'db.rows': [1, 2] },
      resource: { 'k8s.pod.name': 'payment-7f9c' },
    },
    { id: 'aaaa000000000003', parent: 'aaaa000000000001', startUs: 5, durationUs: 5, service: 'user', name: 'UserService.Get' },
  ]),
);

describe('searchSpans', () => {
  it('matches names and services case-insensitively, in display order', () => {
    expect(searchSpans(tree, 'uSeRsErViCe')).toEqual(['aaaa000000000003']);
    // Display order (children by start time), not input order.
    expect(searchSpans(tree, 'aaaa00000000000')).toEqual(['aaaa000000000001', 'aaaa000000000003', 'aaaa000000000002']);
    // The root's resource carries service.name, so "service" hits every span.
    expect(searchSpans(tree, 'service')).toHaveLength(3);
    expect(searchSpans(tree, 'GATEWAY')).toEqual(['aaaa000000000001']);
  });

  it('matches attribute keys, values, key=value and resource attributes', () => {
    expect(searchSpans(tree, 'http.status_code')).toEqual(['aaaa000000000002']);
    expect(searchSpans(tree, '502')).toEqual(['aaaa000000000002']);
    expect(searchSpans(tree, 'http.status_code=502')).toEqual(['aaaa000000000002']);
    expect(searchSpans(tree, 'http.status_code=200')).toEqual([]);
    expect(searchSpans(tree, 'payment-7f9c')).toEqual(['aaaa000000000002']);
    expect(searchSpans(tree, '[1,2]')).toEqual(['aaaa000000000002']);
  });

  it('matches span ids and requires every term', () => {
    expect(searchSpans(tree, '0003')).toEqual(['aaaa000000000003']);
    expect(searchSpans(tree, 'payment charge')).toEqual(['aaaa000000000002']);
    expect(searchSpans(tree, 'payment user')).toEqual([]);
  });

  it('treats regex characters literally and returns nothing for a blank query', () => {
    expect(searchSpans(tree, '/api/(')).toEqual([]);
    expect(searchSpans(tree, '   ')).toEqual([]);
    expect(queryTerms('  A  b ')).toEqual(['a', 'b']);
  });
});
