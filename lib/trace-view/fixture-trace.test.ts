// The view model on a real trace recorded from Tempo 2.0.1 (checkout-payment-error), parsed by our Tempo
// parser: frontend GET /checkout -> checkout POST /api/orders -> (INSERT orders, POST payment/charge ->
// payment POST /charge), with the payment failure propagating up as error status.
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import { normaliseTraceId } from '../model/ids';
import { buildTraceTree } from './build-trace-tree';
import { criticalPath } from './critical-path';
import { flattenVisibleRows } from './flatten-rows';
import { searchSpans } from './search-spans';
import { spanDetails } from './span-details';

const traceId = normaliseTraceId('bd5a131c670a194676bcd097a4eac415');
if (!traceId) throw new Error('bad fixture trace id');
const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), traceId);
const tree = buildTraceTree(trace);
const nameOf = (spanId: string) => tree.nodes[tree.indexById.get(spanId as never) ?? -1]?.span.name;

describe('trace view model on a recorded Tempo trace', () => {
  it('nests the five spans under the frontend root with offsets from the trace start', () => {
    const rows = flattenVisibleRows(tree, new Set());
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${nameOf(r.spanId)}`)).toEqual([
      'GET /checkout',
      '  POST /api/orders',
      '    INSERT orders',
      '    POST payment/charge',
      '      POST /charge',
    ]);
    expect(rows.map((r) => tree.nodes[r.nodeIndex].startUs)).toEqual([0, 10_000, 15_000, 35_000, 37_000]);
    expect(tree.durationUs).toBe(336_000);
    expect(tree.missingParentCount).toBe(0);
    expect(tree.clockSkewCount).toBe(0);
  });

  it('lists services and the error chain', () => {
    expect(tree.services.map((s) => [s.name, s.spanCount, s.errorCount])).toEqual([
      ['checkout', 3, 2],
      ['frontend', 1, 1],
      ['payment', 1, 1],
    ]);
    expect(tree.errorSpanIds.map(nameOf)).toEqual(['GET /checkout', 'POST /api/orders', 'POST payment/charge', 'POST /charge']);
  });

  it('follows the payment call on the critical path', () => {
    const sections = [...criticalPath(tree).sections]
      .sort((a, b) => a.startUs - b.startUs)
      .map((s) => `${nameOf(s.spanId)} ${s.startUs / 1000}-${s.endUs / 1000}`);
    expect(sections).toEqual([
      'GET /checkout 0-10',
      'POST /api/orders 10-15',
      'INSERT orders 15-27',
      'POST /api/orders 27-35',
      'POST payment/charge 35-37',
      'POST /charge 37-279',
      'POST payment/charge 279-281',
      'POST /api/orders 281-316',
      'GET /checkout 316-336',
    ]);
  });

  it('finds spans by status message and shows their details', () => {
    const [declined] = searchSpans(tree, 'card declined');
    expect(nameOf(declined)).toBe('POST /charge');
    const details = spanDetails(tree, declined);
    expect(details?.serviceName).toBe('payment');
    expect(details?.status).toEqual({ code: 'error', message: 'card declined' });
    expect(details?.durationUs).toBe(242_000);
  });
});
