import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { DatasourceError } from '../datasources/errors';
import { parseProfileTypesResponse, parseSelectMergeResponse } from '../datasources/pyroscope/parse';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import type { FlameGraph } from '../model/profile';
import type { SpanId, Trace, TraceId } from '../model/trace';
import { HOUR_MS, loadTraceProfile, type ProfilePyroscope } from './trace-profile';
import { PROFILE_ID_ATTRIBUTE } from './span-profile';
import type { TraceFetcher } from './trace-timeline';

const TRACE_ID = 'bd5a131c670a194676bcd097a4eac415' as TraceId;
const recordedTrace: Trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), TRACE_ID);
const checkoutCpu: FlameGraph = parseSelectMergeResponse(readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json'), 'nanoseconds');
const lokiCpu: FlameGraph = parseSelectMergeResponse(readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_loki_cpu.json'), 'nanoseconds');

function tempoWith(trace: Trace): TraceFetcher {
  return { traceById: async () => trace };
}

interface Call {
  method: 'stacktraces' | 'span';
  startMs: number;
  endMs: number;
  spanSelector?: readonly string[];
  labelSelector: unknown;
  profileTypeId: string;
}

function fakePyroscope(options: { failBaseline?: boolean } = {}) {
  const calls: Call[] = [];
  const client: ProfilePyroscope = {
    profileTypes: async () => parseProfileTypesResponse(readFixtureJson('pyroscope', 'connect_ProfileTypes.json')),
    selectMergeStacktraces: async (params) => {
      calls.push({ method: 'stacktraces', startMs: params.startMs, endMs: params.endMs, labelSelector: params.labelSelector, profileTypeId: params.profileTypeId });
      const isBaseline = calls.filter((c) => c.method === 'stacktraces').length > 1 || params.endMs < 1795303440000 - HOUR_MS / 2;
      if (isBaseline && options.failBaseline) throw new DatasourceError({ backend: 'pyroscope', kind: 'timeout', message: 'pyroscope did not answer within 15 s' });
      return isBaseline ? lokiCpu : checkoutCpu;
    },
    selectMergeSpanProfile: async (params) => {
      calls.push({ method: 'span', startMs: params.startMs, endMs: params.endMs, spanSelector: params.spanSelector, labelSelector: params.labelSelector, profileTypeId: params.profileTypeId });
      return checkoutCpu;
    },
  };
  return { client, calls };
}

const checkoutSpan = recordedTrace.spans.find((s) => s.serviceName === 'checkout')!;

describe('loadTraceProfile', () => {
  it("plans the service profile over a span's padded window for a service without span profiles", async () => {
    const { client, calls } = fakePyroscope();
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(recordedTrace), pyroscope: client }, {
      spanId: checkoutSpan.spanId,
      profileTypeId: null,
      baseline: { kind: 'none' },
      maxNodes: 1024,
    });
    expect(profile.plan).toMatchObject({ status: 'ok', data: { mode: 'service', service: 'checkout' } });
    expect(profile.profileTypeId).toBe('process_cpu:cpu:nanoseconds:cpu:nanoseconds');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'stacktraces', labelSelector: [{ name: 'service_name', op: '=', value: 'checkout' }] });
    expect(calls[0].endMs - calls[0].startMs).toBeGreaterThanOrEqual(30_000);
    expect(calls[0].startMs).toBeLessThanOrEqual(checkoutSpan.startMs);
    expect(profile.graph).toMatchObject({ status: 'ok', data: { unit: 'nanoseconds' } });
    expect(profile.profileTypes.status).toBe('ok');
    expect(profile.baseline).toBeNull();
    expect(profile.diff).toBeNull();
  });

  it("uses the span's own profile when the span carries a profile id", async () => {
    const profiled: Trace = {
      ...recordedTrace,
      spans: recordedTrace.spans.map((s) => (s.spanId === checkoutSpan.spanId ? { ...s, attributes: { ...s.attributes, [PROFILE_ID_ATTRIBUTE]: s.spanId } } : s)),
    };
    const { client, calls } = fakePyroscope();
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(profiled), pyroscope: client }, {
      spanId: checkoutSpan.spanId,
      profileTypeId: 'memory:alloc_space:bytes:space:bytes',
      baseline: { kind: 'none' },
      maxNodes: 1024,
    });
    expect(profile.plan).toMatchObject({ status: 'ok', data: { mode: 'span', profiledSpanId: checkoutSpan.spanId } });
    expect(calls).toEqual([expect.objectContaining({ method: 'span', spanSelector: [checkoutSpan.spanId], profileTypeId: 'memory:alloc_space:bytes:space:bytes' })]);
  });

  it('diffs against the same window an hour earlier', async () => {
    const { client, calls } = fakePyroscope();
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(recordedTrace), pyroscope: client }, {
      spanId: checkoutSpan.spanId,
      profileTypeId: null,
      baseline: { kind: 'hour' },
      maxNodes: 1024,
    });
    expect(calls).toHaveLength(2);
    const [target, baseline] = calls;
    expect(baseline.startMs).toBe(target.startMs - HOUR_MS);
    expect(baseline.endMs).toBe(target.endMs - HOUR_MS);
    expect(profile.baseline).toMatchObject({ startMs: baseline.startMs, endMs: baseline.endMs, status: { status: 'ok', data: { total: lokiCpu.root.total } } });
    expect(profile.diff?.root.total).toBe(checkoutCpu.root.total);
    expect(profile.diff?.root.baselineTotal).toBe(lokiCpu.root.total);
    expect(profile.diff?.nodeCount).toBeGreaterThan(checkoutCpu.nodeCount);
  });

  it('keeps the graph when the baseline fails, and names the failure', async () => {
    const { client } = fakePyroscope({ failBaseline: true });
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(recordedTrace), pyroscope: client }, {
      spanId: checkoutSpan.spanId,
      profileTypeId: null,
      baseline: { kind: 'range', startMs: 1795200000000, endMs: 1795200600000 },
      maxNodes: 1024,
    });
    expect(profile.graph?.status).toBe('ok');
    expect(profile.baseline).toMatchObject({ startMs: 1795200000000, endMs: 1795200600000, status: { status: 'error', error: { kind: 'timeout' } } });
    expect(profile.diff).toBeNull();
  });

  it('a span that is not in the trace is a Tempo not-found, with the profile types still listed', async () => {
    const { client, calls } = fakePyroscope();
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(recordedTrace), pyroscope: client }, {
      spanId: '0123456789abcdef' as SpanId,
      profileTypeId: null,
      baseline: { kind: 'none' },
      maxNodes: 1024,
    });
    expect(profile.plan).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-found' } });
    expect(profile.graph).toBeNull();
    expect(profile.profileTypes.status).toBe('ok');
    expect(calls).toHaveLength(0);
  });

  it('Pyroscope not configured: the plan is shown, the graph says so', async () => {
    const profile = await loadTraceProfile(TRACE_ID, { tempo: tempoWith(recordedTrace), pyroscope: null }, {
      spanId: checkoutSpan.spanId,
      profileTypeId: null,
      baseline: { kind: 'none' },
      maxNodes: 1024,
    });
    expect(profile.plan.status).toBe('ok');
    expect(profile.graph).toMatchObject({ status: 'error', error: { backend: 'pyroscope', kind: 'not-configured' } });
    expect(profile.profileTypes).toMatchObject({ status: 'error', error: { kind: 'not-configured' } });
  });
});
