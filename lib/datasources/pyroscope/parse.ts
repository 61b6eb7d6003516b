// Pyroscope wire JSON -> our profile model. Pure; validates at the boundary, never mutates its input.
import type { Labels, Series } from '../../model/metrics';
import type { FlameGraph, FlameNode, ProfileType } from '../../model/profile';
import { DatasourceError } from '../errors';
import { validateWire } from '../validate';
import {
  buildInfoResponse,
  legacyLabelValuesResponse,
  namesResponse,
  profileTypesResponse,
  renderResponse,
  selectMergeResponse,
  selectSeriesResponse,
  seriesResponse,
} from './api-types';

const BACKEND = 'pyroscope';
const QUAD = 4;

export interface PyroscopeBuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

function malformed(what: string, detail: string): DatasourceError {
  return new DatasourceError({ backend: BACKEND, kind: 'bad-response', message: `pyroscope sent a malformed ${what}: ${detail}` });
}

/**
 * int64 decimal string -> number. Exact up to 2^53 (104 days of CPU in nanoseconds); beyond that a
 * flame graph loses only sub-pixel precision.
 */
function int64ToNumber(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The sample unit inside a profile type id (name:sampleType:sampleUnit:periodType:periodUnit). */
export function unitOfProfileType(profileTypeId: string): string | undefined {
  const unit = profileTypeId.split(':')[2];
  return unit ? unit : undefined;
}

interface Placed {
  node: FlameNode;
  start: number;
  end: number;
}

/**
 * Flamebearer levels -> a call tree. Each level is a run of [offset delta, total, self, name index]:
 * a node starts `offset delta` after the end of its left neighbour on the same level, and its parent is
 * the node of the level above whose [start, end) holds it. One pass over the levels: O(nodes).
 */
export function flameTreeFromLevels(names: readonly string[], levels: readonly (readonly number[])[], unit: string, what: string): FlameGraph {
  if (levels.length === 0) return { root: { name: 'total', total: 0, self: 0, children: [] }, unit, nodeCount: 1 };
  let root: FlameNode | undefined;
  let above: Placed[] = [];
  let nodeCount = 0;
  levels.forEach((level, depth) => {
    if (level.length % QUAD !== 0) throw malformed(what, `level ${depth} has ${level.length} values, not a multiple of ${QUAD}`);
    const placed: Placed[] = [];
    let cursor = 0;
    let parentIndex = 0;
    for (let i = 0; i < level.length; i += QUAD) {
      const [offset, total, self, nameIndex] = [level[i], level[i + 1], level[i + 2], level[i + 3]];
      if (!(offset >= 0 && total >= 0 && self >= 0 && self <= total)) throw malformed(what, `bad values at level ${depth}`);
      const name = names[nameIndex];
      if (name === undefined) throw malformed(what, `name index ${nameIndex} out of range`);
      const start = cursor + offset;
      const end = start + total;
      cursor = end;
      const node: FlameNode = { name, total, self, children: [] };
      nodeCount++;
      if (depth === 0) {
        if (root) throw malformed(what, 'more than one root');
        root = node;
      } else {
        while (parentIndex < above.length && !(above[parentIndex].start <= start && end <= above[parentIndex].end)) parentIndex++;
        const parent = above[parentIndex];
        if (!parent) throw malformed(what, `node "${name}" at level ${depth} has no parent`);
        parent.node.children.push(node);
      }
      placed.push({ node, start, end });
    }
    above = placed;
  });
  if (!root) throw malformed(what, 'no root');
  return { root, unit, nodeCount };
}

/** SelectMergeStacktraces / SelectMergeSpanProfile response -> FlameGraph (no flamegraph: an empty one). */
export function parseSelectMergeResponse(value: unknown, unit: string, what = 'flame graph'): FlameGraph {
  const wire = validateWire(BACKEND, selectMergeResponse, value, what);
  const graph = wire.flamegraph;
  if (!graph) return flameTreeFromLevels([], [], unit, what);
  const levels = graph.levels.map((level) => level.values.map(int64ToNumber));
  return flameTreeFromLevels(graph.names, levels, unit, what);
}

/**
 * Legacy render units -> ours. Pyroscope 1.x says "samples" with sampleRate 1e9 for CPU, meaning each
 * tick is a nanosecond; older servers used e.g. 100 Hz, where a tick is one sample.
 */
function renderUnit(metadata: { units?: string; sampleRate?: number }): string {
  if (metadata.units === 'samples' && metadata.sampleRate === 1e9) return 'nanoseconds';
  return metadata.units || 'samples';
}

/** GET /pyroscope/render?format=json -> FlameGraph. `unit` (from the query's profile type) wins when known. */
export function parseRenderResponse(value: unknown, unit?: string): FlameGraph {
  const wire = validateWire(BACKEND, renderResponse, value, 'render');
  if (wire.metadata.format !== 'single') throw malformed('render', `format "${wire.metadata.format}" is not a single profile`);
  return flameTreeFromLevels(wire.flamebearer.names, wire.flamebearer.levels, unit ?? renderUnit(wire.metadata), 'render');
}

export function parseProfileTypesResponse(value: unknown): ProfileType[] {
  return validateWire(BACKEND, profileTypesResponse, value, 'profile types').profileTypes.map((t) => ({
    id: t.ID,
    name: t.name,
    sampleType: t.sampleType,
    sampleUnit: t.sampleUnit,
    periodType: t.periodType,
    periodUnit: t.periodUnit,
  }));
}

/** LabelNames / LabelValues RPC -> the names. */
export function parseNamesResponse(value: unknown, what: string): string[] {
  return [...validateWire(BACKEND, namesResponse, value, what).names];
}

/** Legacy /pyroscope/label-values: null (Pyroscope 1.0 for any label but __name__) means none. */
export function parseLegacyLabelValuesResponse(value: unknown): string[] {
  return [...(validateWire(BACKEND, legacyLabelValuesResponse, value, 'label values') ?? [])];
}

function toLabels(pairs: readonly { name: string; value: string }[]): Labels {
  const labels: Labels = {};
  for (const { name, value } of pairs) labels[name] = value;
  return labels;
}

/** Series RPC -> label sets. */
export function parseSeriesResponse(value: unknown): Labels[] {
  return validateWire(BACKEND, seriesResponse, value, 'series').labelsSet.map((set) => toLabels(set.labels));
}

/** SelectSeries RPC -> time series of profile totals (timestamps are int64 ms strings). */
export function parseSelectSeriesResponse(value: unknown): Series[] {
  return validateWire(BACKEND, selectSeriesResponse, value, 'select series').series.map((s) => ({
    labels: toLabels(s.labels),
    samples: s.points.map((p) => ({ timeMs: int64ToNumber(p.timestamp), value: p.value })),
  }));
}

export function parseBuildInfoResponse(value: unknown): PyroscopeBuildInfo {
  const { version, revision, branch, buildUser, buildDate, goVersion } = validateWire(BACKEND, buildInfoResponse, value, 'buildinfo').data;
  return { version, revision, branch, buildUser, buildDate, goVersion };
}
