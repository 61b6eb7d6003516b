import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/datasource-error';
import { fixturePath, readFixtureJson } from '../../../test/fixtures';
import { DatasourceError } from '../errors';
import { normaliseTraceId } from '../../model/ids';
import type { TraceId } from '../../model/trace';
import { readTraceByIdV1, readTraceByIdV2 } from './read-trace';
import { zodParseTraceByIdV1, zodParseTraceByIdV2 } from './testing/zod-trace-reference';

function id(hex: string): TraceId {
  const traceId = normaliseTraceId(hex);
  if (!traceId) throw new Error(`bad id ${hex}`);
  return traceId;
}

/** Every recorded trace answer and the id it was asked for (from the fixture manifest). */
const RECORDED: { file: string; traceId: TraceId }[] = (readFixtureJson('tempo', 'manifest.json') as { file: string; path: string; status: number }[])
  .filter((entry) => entry.status === 200 && /^\/api\/traces\/[0-9a-f]+$/.test(entry.path) && entry.file.endsWith('.json'))
  .map((entry) => ({ file: entry.file, traceId: id(entry.path.slice('/api/traces/'.length)) }));

/** The OTLP bodies that were pushed to that Tempo (hex ids, numeric enums, "resourceSpans"), one per trace. */
function pushedTraces(): { body: unknown; traceId: TraceId }[] {
  const out: { body: unknown; traceId: TraceId }[] = [];
  for (const file of readdirSync(fixturePath()).filter((name) => /^sample-otlp-traces.*\.json$/.test(name))) {
    const pushed = readFixtureJson(file) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    const ids = new Set(pushed.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.traceId))));
    for (const hex of ids) {
      const resourceSpans = pushed.resourceSpans
        .map((rs) => ({ ...rs, scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.filter((s) => s.traceId === hex) })) }))
        .filter((rs) => rs.scopeSpans.some((ss) => ss.spans.length > 0));
      out.push({ body: { resourceSpans }, traceId: id(hex) });
    }
  }
  return out;
}

type Outcome = { ok: true; value: unknown } | { ok: false; kind: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof DatasourceError) return { ok: false, kind: error.kind };
    throw error;
  }
}

describe('readTraceByIdV1 / V2 equal the zod-checked parser they replace', () => {
  it('finds the recorded traces', () => {
    expect(RECORDED.map((r) => r.file).sort()).toEqual([
      'traces_by_id_browse.json',
      'traces_by_id_error.json',
      'traces_by_id_loki_selftrace_from_exemplar.json',
      'traces_by_id_ok.json',
      'traces_by_id_ok_with_range.json',
      'traces_by_id_round2_error.json',
    ]);
  });

  it('gives the same model for every recorded Tempo trace, also inside the v2 wrapper', () => {
    for (const { file, traceId } of RECORDED) {
      const body = readFixtureJson('tempo', file);
      const fresh = readTraceByIdV1(body, traceId);
      expect(fresh.spans.length).toBeGreaterThan(0);
      expect(fresh, file).toEqual(zodParseTraceByIdV1(body, traceId));
      // Same key order too: the timeline API serialises these objects.
      expect(JSON.stringify(fresh), file).toBe(JSON.stringify(zodParseTraceByIdV1(body, traceId)));
      const wrapped = { trace: { resourceSpans: (body as { batches: unknown[] }).batches }, status: 'PARTIAL', message: 'cut' };
      expect(readTraceByIdV2(wrapped, traceId), file).toEqual(zodParseTraceByIdV2(wrapped, traceId));
    }
  });

  it('gives the same model for the OTLP bodies pushed to that Tempo (hex ids, numeric kinds)', () => {
    const pushed = pushedTraces();
    expect(pushed.length).toBeGreaterThanOrEqual(4);
    for (const { body, traceId } of pushed) {
      expect(readTraceByIdV1(body, traceId)).toEqual(zodParseTraceByIdV1(body, traceId));
      expect(readTraceByIdV2({ trace: body }, traceId)).toEqual(zodParseTraceByIdV2({ trace: body }, traceId));
    }
  });

  it('gives the same verdict on damaged bodies: a value replaced or a wire field added anywhere', () => {
    const recorded = RECORDED.map(({ file, traceId }) => {
      const body = readFixtureJson('tempo', file);
      // Every path into the body, so the damage can land on any field at any depth.
      const paths: (string | number)[][] = [];
      const objectPaths: (string | number)[][] = [];
      const walk = (value: unknown, path: (string | number)[]) => {
        paths.push(path);
        if (value && typeof value === 'object' && !Array.isArray(value)) objectPaths.push(path);
        if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
        else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
      };
      walk(body, []);
      return { body, traceId, paths, objectPaths };
    });
    // Field names of the OTLP trace format, so the damage also reaches fields these traces do not carry.
    const wireKeys = fc.constantFrom(
      ...['batches', 'resource', 'attributes', 'scopeSpans', 'instrumentationLibrarySpans', 'scope', 'instrumentationLibrary', 'name'],
      ...['version', 'spans', 'traceId', 'spanId', 'parentSpanId', 'traceState', 'kind', 'startTimeUnixNano', 'endTimeUnixNano'],
      ...['events', 'timeUnixNano', 'links', 'status', 'code', 'message', 'key', 'value', 'values', 'stringValue', 'boolValue'],
      ...['intValue', 'doubleValue', 'bytesValue', 'arrayValue', 'kvlistValue', 'unknownField'],
    );
    const replacement = fc.oneof(
      fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 60, '', '0', 'NaN', 'x', '-12', '1795303440740148755', 'AAAAAAAAAAA=', [], {}),
      fc.constantFrom([{ key: 'k' }], [{ key: 'k', value: { boolValue: 'yes' } }], { values: [{ intValue: '1.5' }] }, [{ traceId: 'x', spanId: 'y' }]),
      fc.jsonValue({ maxDepth: 2 }),
    );
    let failures = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: recorded.length - 1 }),
        fc.nat(),
        fc.option(wireKeys, { freq: 2 }),
        replacement,
        (which, pathSeed, addKey, value) => {
          const { body: original, traceId, paths, objectPaths } = recorded[which];
          const body = structuredClone(original);
          // A field is added to an object; a value is replaced anywhere.
          const path = addKey === null ? paths[pathSeed % paths.length] : objectPaths[pathSeed % objectPaths.length];
          let damaged: unknown = body;
          let target = body as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
          const node = path.length === 0 ? body : target[path[path.length - 1]];
          // The list a body does not use ("resourceSpans" beside "batches") is not read, so not checked.
          if (addKey !== null && !(path.length === 0 && addKey === 'batches')) {
            (node as Record<string, unknown>)[addKey] = value;
          } else if (path.length === 0) damaged = value;
          else target[path[path.length - 1]] = value;
          const fresh = outcome(() => readTraceByIdV1(damaged, traceId));
          const reference = outcome(() => zodParseTraceByIdV1(damaged, traceId));
          if (!fresh.ok) failures++;
          expect(fresh).toEqual(reference);
        },
      ),
      { numRuns: 8000, seed: 20261122 },
    );
    // The damage did hit fields that matter, not only ones both ignore.
    expect(failures).toBeGreaterThan(800);
  });
});

describe('readTraceByIdV1 names what is wrong', () => {
  const traceId = id('bd5a131c670a194676bcd097a4eac415');
  const span = { traceId: 'vVoTHGcKGUZ2vNCXpOrEFQ==', spanId: 'D144EYPeLoI=', startTimeUnixNano: '1795303440740148755' };
  const body = (patch: Record<string, unknown>) => ({ batches: [{ scopeSpans: [{ spans: [{ ...span, ...patch }] }] }] });

  it('reports the path of the first bad field and what was expected', () => {
    expect(thrown(() => readTraceByIdV1(body({ startTimeUnixNano: 'soon' }), traceId))).toMatchObject({
      kind: 'bad-response',
      message: expect.stringMatching(/^tempo sent an unexpected trace response at batches\.0\.scopeSpans\.0\.spans\.0\.startTimeUnixNano: expected nanoseconds/),
    });
    const nested = body({ attributes: [{ key: 'a', value: { arrayValue: { values: [{ stringValue: 1 }] } } }] });
    expect(thrown(() => readTraceByIdV1(nested, traceId)).message).toBe(
      'tempo sent an unexpected trace response at batches.0.scopeSpans.0.spans.0.attributes.0.value.arrayValue.values.0.stringValue: expected a string',
    );
    expect(thrown(() => readTraceByIdV1([], traceId)).message).toBe('tempo sent an unexpected trace response: expected an object');
    expect(thrown(() => readTraceByIdV2({ trace: { resourceSpans: [{ resource: [] }] } }, traceId)).message).toBe(
      'tempo sent an unexpected trace response at trace.resourceSpans.0.resource: expected an object',
    );
  });

  it('keeps exact nanoseconds and durations past the range of doubles', () => {
    const trace = readTraceByIdV1(body({ startTimeUnixNano: '0001', endTimeUnixNano: '18446744073709551615' }), traceId);
    expect(trace.spans[0]).toMatchObject({ startUnixNano: '1', startMs: 0.000001, durationNs: 18446744073709552000 });
    const numeric = readTraceByIdV1(body({ startTimeUnixNano: 1795303440740148, endTimeUnixNano: 1795303440750148 }), traceId);
    expect(numeric.spans[0]).toMatchObject({ startUnixNano: '1795303440740148', startMs: 1795303440.740148, durationNs: 10_000 });
  });
});
