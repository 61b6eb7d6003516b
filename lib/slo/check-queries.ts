// Before an SLO is saved its queries run once against the datasource: Prometheus' own parser and engine
// have the last word on the PromQL (a function our grammar knows but an older Prometheus does not, a typo in
// a label matcher...). An error stops the save; an empty answer is only a warning (a new service may have no
// traffic yet).
import { asDatasourceError } from '../datasources/errors';
import { HOUR_MS } from './durations';
import { numeratorQuery, renderEventQuery, type Sli } from './sli-query';
import type { SloPrometheus } from './read-slo';

export interface QueryCheck {
  /** Problems that stop the save, each naming its query. */
  errors: string[];
  /** Things to know that do not (no data right now). */
  warnings: string[];
}

/** The window the check reads over: long enough that a quiet service has events in it. */
export const CHECK_WINDOW_MS = HOUR_MS;

export async function checkSliQueries(prom: SloPrometheus, sli: Sli, atMs: number, signal?: AbortSignal, timeoutMs?: number): Promise<QueryCheck> {
  const parts = [
    { field: sli.type === 'bad' ? 'badQuery' : 'goodQuery', query: numeratorQuery(sli) },
    { field: 'totalQuery', query: sli.totalQuery },
  ];
  const errors: string[] = [];
  const warnings: string[] = [];
  await Promise.all(
    parts.map(async ({ field, query }) => {
      const rendered = renderEventQuery(query, CHECK_WINDOW_MS);
      try {
        const result = await prom.query(rendered, atMs, { signal, timeoutMs });
        if (result.type !== 'vector' && result.type !== 'scalar') {
          errors.push(`${field}: returns a ${result.type}, not an instant vector`);
        } else if (result.type === 'vector' && result.samples.length > 1) {
          errors.push(`${field}: returns ${result.samples.length} series; the SLI needs one number per window: aggregate them with sum(...)`);
        } else if (result.type === 'vector' && result.samples.length === 0 && field === 'totalQuery') {
          warnings.push(`${field}: Prometheus has no data for ${rendered} right now; check the metric name and labels`);
        }
      } catch (error) {
        const failure = asDatasourceError('prometheus', error);
        // A rejected query is the author's to fix; an unreachable Prometheus stops the save too, saying so.
        errors.push(failure.kind === 'bad-request' ? `${field}: ${failure.message}` : `Prometheus: ${failure.message}`);
      }
    }),
  );
  return { errors: [...new Set(errors)].sort(), warnings };
}
