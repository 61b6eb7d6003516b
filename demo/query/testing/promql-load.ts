// Prometheus' promqltest "load" notation, so upstream test cases can be ported verbatim:
//   load 5m
//     http_requests{path="/foo"}  0+10x10  1 2 _ 3  NaN
// `a+bxn` expands to n+1 values starting at a, `_` is a missing sample.
import type { Labels, RawSeries } from '../types';
import { parsePrometheusDurationMs } from '../shared/durations';
import { parseSeriesSelector } from '../promql/parse';
import { parsePromNumber } from '../promql/parse';

function expandValues(spec: string): (number | null)[] {
  const out: (number | null)[] = [];
  for (const token of spec.trim().split(/\s+/)) {
    if (token === '') continue;
    if (token === '_') {
      out.push(null);
      continue;
    }
    const m = /^(.+?)([+-])(.+)x(\d+)$/.exec(token) ?? /^(.+?)()()x(\d+)$/.exec(token);
    if (m) {
      const start = parsePromNumber(m[1]);
      const delta = m[3] === '' ? 0 : (parsePromNumber(m[3]) ?? 0) * (m[2] === '-' ? -1 : 1);
      if (start === null) throw new Error(`bad value ${token}`);
      for (let i = 0; i <= Number(m[4]); i++) out.push(start + delta * i);
      continue;
    }
    const value = parsePromNumber(token);
    if (value === null) throw new Error(`bad value ${token}`);
    out.push(value);
  }
  return out;
}

function labelsOf(selector: string): Labels {
  const labels: Labels = {};
  for (const m of parseSeriesSelector(selector)) labels[m.name] = m.value;
  return labels;
}

/** Series from one or more `load <interval>` blocks; the first sample of each is at time 0. */
export function loadSeries(text: string): RawSeries[] {
  const series: RawSeries[] = [];
  let intervalMs = 0;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const load = /^load\s+(\S+)$/.exec(line);
    if (load) {
      intervalMs = parsePrometheusDurationMs(load[1]);
      continue;
    }
    const m = /^(\S*?\{[^}]*\}|\S+)\s+(.*)$/.exec(line);
    if (!m || intervalMs === 0) throw new Error(`cannot read load line: ${line}`);
    const timestampsMs: number[] = [];
    const values: number[] = [];
    expandValues(m[2]).forEach((v, i) => {
      if (v === null) return;
      timestampsMs.push(i * intervalMs);
      values.push(v);
    });
    series.push({ labels: labelsOf(m[1]), timestampsMs, values });
  }
  return series;
}
