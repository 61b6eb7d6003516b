import { describe, expect, it } from 'vitest';
import { missingFromShape, shapeOf } from './shape';

describe('shapeOf / missingFromShape', () => {
  it('accepts a value with the same keys and types (and more)', () => {
    const real = { status: 'success', data: { result: [{ metric: { a: 'x' }, value: [1, '2'] }] } };
    const demo = { status: 'success', data: { result: [{ metric: { b: 'y', c: 'z' }, value: [3, '4'] }], stats: {} } };
    const options = { mapPaths: ['data.result[].metric'] };
    expect(missingFromShape(shapeOf(real, options), shapeOf(demo, options))).toEqual([]);
  });

  it('reports missing keys, wrong types and empty arrays', () => {
    const real = { traces: [{ traceID: 'a', durationMs: 3, spanSet: { matched: 1 } }] };
    expect(missingFromShape(shapeOf(real), shapeOf({ traces: [{ traceID: 'a', durationMs: '3' }] }))).toEqual([
      'traces[].durationMs: number expected, got string',
      'traces[].spanSet: missing',
    ]);
    expect(missingFromShape(shapeOf(real), shapeOf({ traces: [] }))).toEqual(["traces[]: the demo's array is empty, the real one is not"]);
  });

  it('unions array elements, so optional keys count when any element has them', () => {
    const real = { spans: [{ id: 'a' }, { id: 'b', parent: 'a' }] };
    expect(missingFromShape(shapeOf(real), shapeOf({ spans: [{ id: 'x', parent: 'y' }] }))).toEqual([]);
    expect(missingFromShape(shapeOf(real), shapeOf({ spans: [{ id: 'x' }] }))).toEqual(['spans[].parent: missing']);
    expect(missingFromShape(shapeOf(real), shapeOf({ spans: [{ id: 'x' }] }), ['spans[].parent'])).toEqual([]);
  });

  it('treats null as its own type', () => {
    expect(missingFromShape(shapeOf({ groups: null }), shapeOf({ groups: [] }))).toEqual(['groups: null expected, got array']);
  });
});
