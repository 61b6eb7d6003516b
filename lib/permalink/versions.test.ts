// Stored states of every released version must keep opening. The blobs in testdata/ are frozen: never edit
// them, add a new one per version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewHref } from './url';
import { CURRENT_STATE_VERSION, migrateV0ToV1, upgradeState } from './versions';

function blob(name: string): unknown {
  return JSON.parse(readFileSync(path.join(__dirname, 'testdata', name), 'utf8'));
}

describe('upgradeState', () => {
  it('opens a stored version 1 state unchanged', () => {
    const stored = blob('state-v1.json');
    const result = upgradeState(1, stored);
    expect(result).toEqual({ ok: true, state: stored, upgradedFrom: null });
    if (result.ok) {
      expect(viewHref(result.state)).toBe(
        '/trace/bd5a131c670a194676bcd097a4eac415?span=4c6b5a0a4b9c3d21&tab=profile&profileType=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=1795250700000&to=1795254330000',
      );
    }
  });

  it('upgrades a stored version 0 state: address split, range pinned from its own strings, summary from the path', () => {
    const result = upgradeState(0, blob('state-v0.json'));
    expect(result).toEqual({
      ok: true,
      upgradedFrom: 0,
      state: {
        v: 1,
        path: '/trace/bd5a131c670a194676bcd097a4eac415',
        params: [
          ['span', '4c6b5a0a4b9c3d21'],
          ['tab', 'logs'],
        ],
        // The v0 range strings win over the relative from/to left in its url.
        range: { fromMs: Date.UTC(2026, 10, 21, 9, 45), toMs: Date.UTC(2026, 10, 21, 10, 15, 30, 250) },
        summary: {
          kind: 'trace',
          traceId: 'bd5a131c670a194676bcd097a4eac415',
          rootService: null,
          rootName: null,
          durationMs: null,
          spanCount: null,
          errorCount: null,
          services: [],
          spanId: '4c6b5a0a4b9c3d21',
          spanName: null,
          keyLogLine: null,
        },
      },
    });
  });

  it('is the current version', () => {
    expect(CURRENT_STATE_VERSION).toBe(1);
  });

  it('says when a link comes from a newer Weft', () => {
    expect(upgradeState(2, { v: 2 })).toEqual({ ok: false, reason: 'newer', error: expect.stringMatching(/newer version of Weft.*version 2.*up to 1/) });
  });

  it.each([
    ['garbage v1', 1, { hello: 'world' }],
    ['v1 with a foreign path', 1, { ...(blob('state-v1.json') as object), path: '//evil.example' }],
    ['v1 with from after to', 1, { ...(blob('state-v1.json') as object), range: { fromMs: 1795254330000, toMs: 1795250700000 } }],
    ['v1 with from/to in params', 1, { ...(blob('state-v1.json') as object), params: [['from', 'now-1h']] }],
    ['v0 with a relative range', 0, { url: '/', from: 'now-1h', to: 'now' }],
    ['v0 with a foreign address', 0, { url: 'https://evil.example/', from: '1795250700000', to: '1795254330000' }],
    ['negative version', -1, {}],
    ['null', 1, null],
  ])('refuses %s with a reason', (_name, version, data) => {
    const result = upgradeState(version, data);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('invalid');
      expect(result.error.length).toBeGreaterThan(10);
    }
  });
});

describe('migrateV0ToV1', () => {
  it('reads epoch-millisecond strings too', () => {
    const result = migrateV0ToV1({ url: '/alerts/HighLatency?labels=%7B%22service%22%3A%22payment%22%7D', from: '1795250700000', to: '1795254330000' });
    expect(result).toMatchObject({
      ok: true,
      value: { path: '/alerts/HighLatency', range: { fromMs: 1795250700000, toMs: 1795254330000 }, summary: { kind: 'alert', name: 'HighLatency', labels: { service: 'payment' }, service: 'payment' } },
    });
  });
});
