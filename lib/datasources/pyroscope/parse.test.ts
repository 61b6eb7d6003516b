import { readFileSync } from 'node:fs';
import { thrown } from '../../../test/helpers/datasource-error';
import { describe, expect, it } from 'vitest';
import type { FlameNode } from '../../model/profile';
import { fixturePath, readFixtureJson } from '../../../test/fixtures';
import {
  flameTreeFromLevels,
  parseBuildInfoResponse,
  parseLegacyLabelValuesResponse,
  parseNamesResponse,
  parseProfileTypesResponse,
  parseRenderResponse,
  parseSelectMergeResponse,
  parseSelectSeriesResponse,
  parseSeriesResponse,
  unitOfProfileType,
} from './parse';

const fixture = (name: string) => readFixtureJson('pyroscope', name);

/** The tree as indented text: `name total self`, children in order. */
function draw(node: FlameNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${node.name} ${node.total} ${node.self}`, ...node.children.flatMap((c) => draw(c, depth + 1))];
}

function walk(node: FlameNode, visit: (n: FlameNode, path: string[]) => void, path: string[] = []): void {
  visit(node, path);
  for (const child of node.children) walk(child, visit, [...path, child.name]);
}

const CHECKOUT_TREE = `
total 19350000000 0
  main 19350000000 0
    net/http.(*conn).serve 16950000000 0
      shop/checkout.(*Server).CreateOrder 15150000000 0
        encoding/json.Marshal 1350000000 1350000000
        shop/checkout.(*PaymentClient).Charge 10200000000 0
          net/http.(*Client).Do 10200000000 10200000000
        shop/checkout.(*Repo).InsertOrder 3600000000 0
          database/sql.(*DB).ExecContext 3600000000 3600000000
      shop/checkout.(*Server).GetCart 1800000000 0
        shop/checkout.(*Cache).Get 1800000000 1800000000
    runtime.gcBgMarkWorker 2400000000 0
      runtime.gcDrain 2400000000 2400000000`
  .trim()
  .split('\n');

/** Every node's total is its self plus its children's totals: the flame graph adds up. */
function expectConsistent(root: FlameNode): number {
  let count = 0;
  walk(root, (node) => {
    count++;
    expect(node.self + node.children.reduce((sum, c) => sum + c.total, 0)).toBe(node.total);
  });
  return count;
}

describe('flameTreeFromLevels', () => {
  it('places a node under the parent whose span holds it, using offset deltas', () => {
    // total(10) -> a(6) [a1(2) gap(1) a2(3)], b(4) [b1(4)]
    const names = ['total', 'a', 'b', 'a1', 'a2', 'b1'];
    const levels = [
      [0, 10, 0, 0],
      [0, 6, 0, 1, 0, 4, 0, 2],
      [0, 2, 2, 3, 1, 3, 3, 4, 0, 4, 4, 5],
    ];
    const graph = flameTreeFromLevels(names, levels, 'count', 'test');
    expect(draw(graph.root)).toEqual(['total 10 0', '  a 6 0', '    a1 2 2', '    a2 3 3', '  b 4 0', '    b1 4 4']);
    expect(graph.nodeCount).toBe(6);
  });

  it('rejects malformed levels instead of drawing a wrong tree', () => {
    expect(thrown(() => flameTreeFromLevels(['total'], [[0, 1, 0]], 'count', 'test')).message).toMatch(/multiple of 4/);
    expect(thrown(() => flameTreeFromLevels(['total'], [[0, 1, 0, 7]], 'count', 'test')).message).toMatch(/name index 7/);
    expect(thrown(() => flameTreeFromLevels(['total', 'x'], [[0, 1, 0, 0], [0, 2, 0, 1]], 'count', 'test')).message).toMatch(/no parent/);
    expect(thrown(() => flameTreeFromLevels(['total'], [[0, 1, 0, 0, 0, 1, 0, 0]], 'count', 'test')).message).toMatch(/more than one root/);
    expect(thrown(() => flameTreeFromLevels(['total'], [[0, 1, 2, 0]], 'count', 'test')).kind).toBe('bad-response');
  });

  it('does not mutate its input', () => {
    const levels = [[0, 5, 5, 0]];
    flameTreeFromLevels(['total'], levels, 'count', 'test');
    expect(levels).toEqual([[0, 5, 5, 0]]);
  });
});

describe('SelectMergeStacktraces (fixtures)', () => {
  it('decodes the checkout CPU flame graph from int64 strings', () => {
    const graph = parseSelectMergeResponse(fixture('connect_SelectMergeStacktraces_checkout_cpu.json'), 'nanoseconds');
    expect(draw(graph.root)).toEqual(CHECKOUT_TREE);
    expect(graph.unit).toBe('nanoseconds');
    expect(graph.nodeCount).toBe(13);
  });

  it('matches the folded stacks that were pushed (3 pushes at 100 Hz = 3e7 ns per sample)', () => {
    const graph = parseSelectMergeResponse(fixture('connect_SelectMergeStacktraces_checkout_cpu.json'), 'nanoseconds');
    const leaves = new Map<string, number>();
    walk(graph.root, (node, path) => {
      if (node.children.length === 0) leaves.set(path.join(';'), node.self);
    });
    const folded = readFileSync(fixturePath('pyroscope', 'inputs', 'checkout-cpu.folded'), 'utf8').trim().split('\n');
    expect(leaves).toEqual(new Map(folded.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1)) * 3 * 1e7])));
  });

  it('decodes the real Loki CPU profile (maxNodes 512) into a consistent tree', () => {
    const wire = fixture('connect_SelectMergeStacktraces_loki_cpu.json') as { flamegraph: { total: string; maxSelf: string; names: string[] } };
    const graph = parseSelectMergeResponse(wire, 'nanoseconds');
    expect(graph.root.total).toBe(Number(wire.flamegraph.total));
    expect(expectConsistent(graph.root)).toBe(graph.nodeCount);
    let maxSelf = 0;
    walk(graph.root, (n) => (maxSelf = Math.max(maxSelf, n.self)));
    expect(maxSelf).toBe(Number(wire.flamegraph.maxSelf));
    const names = new Set<string>();
    walk(graph.root, (n) => names.add(n.name));
    expect(names).toContain('runtime.gcBgMarkWorker');
  });

  it('decodes the real Tempo heap profile', () => {
    const graph = parseSelectMergeResponse(fixture('connect_SelectMergeStacktraces_tempo_inuse_space.json'), 'bytes');
    expect(graph.root.total).toBe(56519618);
    expect(graph.unit).toBe('bytes');
    expectConsistent(graph.root);
  });

  it('decodes the empty answer (no total, no maxSelf) as an empty root', () => {
    const graph = parseSelectMergeResponse(fixture('connect_SelectMergeStacktraces_empty.json'), 'nanoseconds');
    expect(graph).toEqual({ root: { name: 'total', total: 0, self: 0, children: [] }, unit: 'nanoseconds', nodeCount: 1 });
    expect(parseSelectMergeResponse({}, 'nanoseconds').root.total).toBe(0);
  });

  it('rejects a non-integer int64', () => {
    const wire = { flamegraph: { names: ['total'], levels: [{ values: ['0', '1.5', '0', '0'] }] } };
    expect(thrown(() => parseSelectMergeResponse(wire, 'count')).message).toMatch(/not an int64/);
  });
});

describe('legacy render (fixtures)', () => {
  it('decodes the flamebearer to the same tree as the Connect API', () => {
    const graph = parseRenderResponse(fixture('render_checkout_cpu.json'));
    expect(draw(graph.root)).toEqual(CHECKOUT_TREE);
    // "samples" at sampleRate 1e9 are nanoseconds.
    expect(graph.unit).toBe('nanoseconds');
    expect(parseRenderResponse(fixture('render_checkout_cpu.json'), 'nanoseconds')).toEqual(
      parseSelectMergeResponse(fixture('connect_SelectMergeStacktraces_checkout_cpu.json'), 'nanoseconds'),
    );
  });

  it('decodes the real Loki and Pyroscope CPU flamebearers consistently', () => {
    for (const name of ['render_loki_cpu_maxnodes.json', 'render_pyroscope_self_cpu.json']) {
      const wire = fixture(name) as { flamebearer: { numTicks: number } };
      const graph = parseRenderResponse(wire);
      expect(graph.root.total).toBe(wire.flamebearer.numTicks);
      expect(expectConsistent(graph.root)).toBe(graph.nodeCount);
    }
  });

  it('refuses a diff (double) flamebearer rather than misreading its 7-tuples', () => {
    expect(thrown(() => parseRenderResponse(fixture('render_diff.json'))).message).toMatch(/format "double"/);
  });
});

describe('label and series RPCs (fixtures)', () => {
  it('parses profile types, filling absent period fields with empty strings', () => {
    const types = parseProfileTypesResponse(fixture('connect_ProfileTypes.json'));
    expect(types).toHaveLength(12);
    expect(types).toContainEqual({ id: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', name: 'process_cpu', sampleType: 'cpu', sampleUnit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds' });
    expect(types[0]).toEqual({ id: 'block:contentions:count::', name: 'block', sampleType: 'contentions', sampleUnit: 'count', periodType: '', periodUnit: '' });
  });

  it('parses label names and values', () => {
    expect(parseNamesResponse(fixture('connect_LabelNames.json'), 'label names')).toContain('service_name');
    expect(parseNamesResponse(fixture('connect_LabelNames_matchers.json'), 'label names')).not.toContain('target');
    expect(parseNamesResponse(fixture('connect_LabelValues_service_name.json'), 'label values')).toEqual(['checkout', 'loki', 'pyroscope', 'tempo']);
    expect(parseNamesResponse(fixture('connect_LabelValues_env.json'), 'label values')).toEqual(['realstack']);
    expect(parseNamesResponse({}, 'label values')).toEqual([]);
  });

  it('parses the legacy label values, where null means none', () => {
    expect(parseLegacyLabelValuesResponse(fixture('label_values_legacy.json'))).toEqual([]);
    expect(parseLegacyLabelValuesResponse(fixture('label_values_legacy_name.json'))).toContain('process_cpu:cpu:nanoseconds:cpu:nanoseconds');
  });

  it('parses series label sets', () => {
    const series = parseSeriesResponse(fixture('connect_Series.json'));
    expect(series.map((s) => s.service_name)).toEqual(expect.arrayContaining(['checkout', 'loki', 'tempo']));
    expect(series[0]).toMatchObject({ __profile_type__: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', service_name: 'checkout', region: 'local' });
    const narrow = parseSeriesResponse(fixture('connect_Series_labelNames.json'));
    expect(narrow.every((s) => Object.keys(s).sort().join() === '__profile_type__,service_name')).toBe(true);
  });

  it('parses SelectSeries with int64-string timestamps', () => {
    const series = parseSelectSeriesResponse(fixture('connect_SelectSeries_cpu_by_service.json'));
    expect(series.map((s) => s.labels.service_name)).toEqual(['checkout', 'loki', 'pyroscope']);
    expect(series[0].samples[0]).toEqual({ timeMs: 1795303515000, value: 6450000000 });
  });

  it('parses build info', () => {
    expect(parseBuildInfoResponse(fixture('status_buildinfo.json'))).toMatchObject({ version: '1.0.0', revision: '2217f3a839e6da2c42ce06c0589ba8ea764ccd02' });
  });

  it('reads the unit from a profile type id', () => {
    expect(unitOfProfileType('memory:inuse_space:bytes:space:bytes')).toBe('bytes');
    expect(unitOfProfileType('nonsense')).toBeUndefined();
  });
});
