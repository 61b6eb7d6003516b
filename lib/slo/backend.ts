// The Prometheus the SLO pages read. Not configured (or a broken configuration) gives a client whose every
// call fails with that error, so the page says "Prometheus: <reason>" beside the SLO definitions.
import 'server-only';
import { ConfigError } from '../config/errors';
import { DatasourceError } from '../datasources/errors';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { requireConnection } from '../datasources/registry';
import type { SloPrometheus } from './read-slo';

export function sloPrometheus(): SloPrometheus {
  try {
    return createPrometheusClient(requireConnection('prometheus'));
  } catch (error) {
    let failure: DatasourceError;
    if (error instanceof DatasourceError) failure = error;
    else if (error instanceof ConfigError) {
      failure = new DatasourceError({ backend: 'prometheus', kind: 'not-configured', message: `The datasource configuration is invalid (${error.message})`, cause: error });
    } else throw error;
    const reject = () => Promise.reject(failure);
    return { query: reject, queryRange: reject };
  }
}
