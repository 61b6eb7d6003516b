import { describe, expect, it } from 'vitest';
import { describeAuth, describeConfigSource, summarizeConnection } from './describe';

describe('summarizeConnection', () => {
  it('says what kind of auth is used without the secret', () => {
    const summary = summarizeConnection({
      backend: 'loki',
      name: 'Logs',
      url: 'https://logs.example.com/loki',
      auth: { type: 'basic', username: 'alice', password: 'hunter2' },
      tenant: 'team-a',
      timeoutMs: 2000,
    });
    expect(summary).toEqual({
      backend: 'loki',
      name: 'Logs',
      typeLabel: 'Loki',
      url: 'https://logs.example.com/loki',
      auth: 'basic (user alice)',
      tenant: 'team-a',
      timeoutMs: 2000,
    });
    expect(JSON.stringify(summary)).not.toContain('hunter2');
  });

  it('describes bearer and no auth', () => {
    expect(describeAuth({ type: 'bearer', token: 'tok' })).toBe('bearer token');
    expect(describeAuth({ type: 'none' })).toBe('none');
    expect(describeAuth(undefined)).toBe('none');
    expect(summarizeConnection({ backend: 'tempo', name: 'Tempo', url: 'http://t:3200' })).toEqual({
      backend: 'tempo',
      name: 'Tempo',
      typeLabel: 'Tempo',
      url: 'http://t:3200',
      auth: 'none',
    });
  });

  it('names where the configuration came from', () => {
    expect(describeConfigSource('file')).toContain('WEFT_DATASOURCES_FILE');
    expect(describeConfigSource('env')).toContain('LOKI_URL');
    expect(describeConfigSource('none')).toBe('Nothing is configured.');
  });
});
