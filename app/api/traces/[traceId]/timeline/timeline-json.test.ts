import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '@/test/fixtures';
import { parseTraceByIdV1 } from '@/lib/datasources/tempo/parse';
import type { TraceTimelineResponse } from '@/lib/investigation/api-types';
import { encodeTrace } from '@/lib/investigation/trace-transport';
import { normaliseTraceId } from '@/lib/model/ids';
import { timelineJson } from './timeline-json';

const parsedId = normaliseTraceId('bd5a131c670a194676bcd097a4eac415');
if (!parsedId) throw new Error('bad id');
const traceId = parsedId;
const transport = encodeTrace(parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), traceId));

function response(tookMs: number, logs: TraceTimelineResponse['logs']): TraceTimelineResponse {
  return { traceId, trace: { status: 'ok', backend: 'tempo', data: transport, tookMs }, logs, tookMs: tookMs + 1 };
}

const noLoki: TraceTimelineResponse['logs'] = {
  status: 'error',
  backend: 'loki',
  tookMs: 0,
  error: { backend: 'loki', kind: 'not-configured', message: 'No loki datasource is configured' },
};

describe('timelineJson', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const withLogs = response(12.5, {
      status: 'ok',
      backend: 'loki',
      tookMs: 3,
      data: { lines: [], truncated: false, limit: 2000, query: '{job=~".+"} |= "x\\"y"', window: { startMs: 1, endMs: 2 } },
    });
    for (const body of [withLogs, response(Number.NaN, noLoki)]) expect(timelineJson(body)).toBe(JSON.stringify(body));
    const failed: TraceTimelineResponse = {
      traceId,
      trace: { status: 'error', backend: 'tempo', tookMs: 4, error: { backend: 'tempo', kind: 'network', message: 'tempo is unreachable' } },
      logs: noLoki,
      tookMs: 5,
    };
    expect(timelineJson(failed)).toBe(JSON.stringify(failed));
  });

  it('the same transport again gives the same text with the fresh parts', () => {
    const first = timelineJson(response(10, noLoki));
    const second = timelineJson(response(20, noLoki));
    expect(second).not.toBe(first);
    expect(JSON.parse(second)).toEqual(JSON.parse(JSON.stringify(response(20, noLoki))));
  });
});
