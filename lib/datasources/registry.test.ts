import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../config/errors';
import { DatasourceError } from './errors';
import { getDatasources, requireConnection, resetDatasourcesCache } from './registry';

afterEach(() => {
  vi.unstubAllEnvs();
  resetDatasourcesCache();
});

function clearDatasourceEnv(): void {
  for (const name of ['WEFT_DATASOURCES_FILE', 'PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL']) vi.stubEnv(name, '');
}

describe('the datasource registry', () => {
  it('reads the environment once per process', () => {
    clearDatasourceEnv();
    vi.stubEnv('LOKI_URL', 'http://loki:3100');
    expect(requireConnection('loki')).toMatchObject({ backend: 'loki', url: 'http://loki:3100' });
    vi.stubEnv('LOKI_URL', 'http://changed:3100');
    expect(getDatasources().loki?.url).toBe('http://loki:3100');
    resetDatasourcesCache();
    expect(getDatasources().loki?.url).toBe('http://changed:3100');
  });

  it("throws DatasourceError 'not-configured' for a backend without a URL, saying how to set it", () => {
    clearDatasourceEnv();
    vi.stubEnv('LOKI_URL', 'http://loki:3100');
    const error = (() => {
      try {
        requireConnection('tempo');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DatasourceError);
    expect(error).toMatchObject({ backend: 'tempo', kind: 'not-configured', message: 'Tempo is not configured: set TEMPO_URL or add it to WEFT_DATASOURCES_FILE' });
  });

  it('does not cache a configuration error', () => {
    clearDatasourceEnv();
    vi.stubEnv('LOKI_URL', 'loki:3100');
    expect(() => getDatasources()).toThrow(ConfigError);
    vi.stubEnv('LOKI_URL', 'http://loki:3100');
    expect(getDatasources().source).toBe('env');
  });
});
