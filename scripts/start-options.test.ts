import { describe, expect, it } from 'vitest';
import { displayUrl, envFlag, parseDemoPorts, parsePort } from './start-options';

describe('parsePort', () => {
  it('defaults to 3000 and accepts 1..65535', () => {
    expect(parsePort(undefined)).toEqual({ ok: true, value: 3000 });
    expect(parsePort(' ')).toEqual({ ok: true, value: 3000 });
    expect(parsePort('8080')).toEqual({ ok: true, value: 8080 });
    expect(parsePort('65535')).toEqual({ ok: true, value: 65535 });
  });

  it('rejects what is not a port, saying what to write', () => {
    for (const bad of ['0', '65536', 'http', '-1', '30.5']) {
      const result = parsePort(bad);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain('use a number from 1 to 65535');
    }
  });
});

describe('parseDemoPorts', () => {
  it('is undefined when not set, all zeros for random ports', () => {
    expect(parseDemoPorts(undefined, false)).toEqual({ ok: true, value: undefined });
    expect(parseDemoPorts('prometheus=1', true)).toEqual({
      ok: true,
      value: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 },
    });
  });

  it('reads name=port pairs', () => {
    expect(parseDemoPorts('prometheus=19091, loki:13101,', false)).toEqual({ ok: true, value: { prometheus: 19091, loki: 13101 } });
  });

  it('rejects unknown backends and malformed entries', () => {
    const unknown = parseDemoPorts('grafana=3000', false);
    expect(!unknown.ok && unknown.error).toContain('unknown backend "grafana"');
    const malformed = parseDemoPorts('prometheus', false);
    expect(!malformed.ok && malformed.error).toContain('should look like prometheus=19090');
    expect(parseDemoPorts('loki=70000', false).ok).toBe(false);
  });
});

describe('envFlag and displayUrl', () => {
  it('reads flags', () => {
    expect(envFlag('1')).toBe(true);
    expect(envFlag('true')).toBe(true);
    for (const off of [undefined, '', '0', 'false', 'NO', 'off']) expect(envFlag(off)).toBe(false);
  });

  it('shows loopback binds as localhost', () => {
    expect(displayUrl('127.0.0.1', 3000)).toBe('http://localhost:3000');
    expect(displayUrl('0.0.0.0', 80)).toBe('http://localhost:80');
    expect(displayUrl('10.0.0.5', 3000)).toBe('http://10.0.0.5:3000');
    expect(displayUrl('fe80::1', 3000)).toBe('http://[fe80::1]:3000');
  });
});
