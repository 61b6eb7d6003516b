import { describe, expect, it } from 'vitest';
import { displayUrl, envFlag, parseDemoSeed, parsePort, randomDemoPorts } from './start-options';

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

describe('demo options', () => {
  it('puts every backend on port 0 for random ports', () => {
    expect(randomDemoPorts()).toEqual({ prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 });
  });

  it('reads an integer seed', () => {
    expect(parseDemoSeed(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseDemoSeed(' 42 ')).toEqual({ ok: true, value: 42 });
    const bad = parseDemoSeed('4.2');
    expect(!bad.ok && bad.error).toBe('DEMO_SEED="4.2" is not an integer');
    expect(parseDemoSeed('abc').ok).toBe(false);
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
