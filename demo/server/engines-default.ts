// The one place that maps demo/query's engines onto the servers' Engines interface.
import { evaluateLogMetricInstant, evaluateLogMetricRange, evaluateLogQuery, logQueryKind, parseLogQL } from '../query/logql';
import { evaluateInstant, evaluateRange, parsePromQL, parseSeriesSelector, type InstantResult } from '../query/promql';
import { QueryError, type LabelMatcher } from '../query/types';
import type { Engines, EvalBudget, LogQueryResult, PromResult } from './engines';

function checkBudget(budget: EvalBudget): void {
  if (budget.signal?.aborted) throw new QueryError('query cancelled by the client', 'execution');
  if (Date.now() > budget.deadlineMs) throw new QueryError('query timed out: deadline exceeded', 'execution');
}

/**
 * The engines evaluate synchronously and take no deadline: the budget is checked before evaluating and again
 * after, so a query that overran is reported as a timeout (503) instead of being answered late as if fine.
 */
function withBudget<T>(budget: EvalBudget, run: () => T): T {
  checkBudget(budget);
  const result = run();
  checkBudget(budget);
  return result;
}

function fromInstant(result: InstantResult): PromResult {
  switch (result.resultType) {
    case 'vector':
      return { resultType: 'vector', result: result.result.map((s) => ({ metric: s.labels, timeMs: s.value[0], value: s.value[1] })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: result.result.map((s) => ({ metric: s.labels, points: s.values.map(([timeMs, value]) => ({ timeMs, value })) })),
      };
    case 'scalar':
      return { resultType: 'scalar', timeMs: result.result[0], value: result.result[1] };
    case 'string':
      return { resultType: 'string', timeMs: result.result[0], value: result.result[1] };
  }
}

/** Every vector selector in a parsed expression, found by walking the tree. */
function collectSelectors(node: unknown, out: LabelMatcher[][]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectSelectors(child, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.kind === 'vectorSelector' && Array.isArray(record.matchers)) {
    out.push(record.matchers as LabelMatcher[]);
    return;
  }
  for (const value of Object.values(record)) collectSelectors(value, out);
}

function notYet(what: string): never {
  throw new QueryError(`${what} is not available in this build of the demo`, 'unsupported');
}

export function createDefaultEngines(): Engines {
  return {
    promInstant: (query, timeMs, store, budget) => withBudget(budget, () => fromInstant(evaluateInstant(query, timeMs, store))),
    promRange: (query, startMs, endMs, stepMs, store, budget) =>
      withBudget(budget, () => fromInstant(evaluateRange(query, startMs, endMs, stepMs, store))),
    parseSelector: (text) => parseSeriesSelector(text, { allowEmpty: true }),
    extractSelectors: (query) => {
      const out: LabelMatcher[][] = [];
      collectSelectors(parsePromQL(query), out);
      return out;
    },
    isLogMetricQuery: (query) => logQueryKind(query) === 'metric',
    logQuery: (query, options, store, budget) =>
      withBudget(budget, (): LogQueryResult => {
        const result = evaluateLogQuery(query, options, store);
        // The engine does not count the lines it scanned: report what it returned.
        let lines = 0;
        let bytes = 0;
        for (const stream of result.result) {
          lines += stream.entries.length;
          for (const entry of stream.entries) bytes += Buffer.byteLength(entry.line);
        }
        return { streams: result.result, linesProcessed: lines, bytesProcessed: bytes };
      }),
    logMetricRange: (query, startNs, endNs, stepMs, store, budget) =>
      withBudget(budget, () =>
        fromInstant({ resultType: 'matrix', result: evaluateLogMetricRange(query, startNs, endNs, stepMs, store).result }),
      ),
    logMetricInstant: (query, timeNs, store, budget) => withBudget(budget, () => fromInstant(evaluateLogMetricInstant(query, timeNs, store))),
    parseLogSelector: (text) => {
      const expr = parseLogQL(text);
      if (expr.kind !== 'log' || expr.stages.length > 0) {
        throw new QueryError('parse error : only a stream selector like {service="x"} is allowed here', 'parse');
      }
      return expr.matchers;
    },
    traceQL: () => notYet('TraceQL'),
    tagSearch: () => notYet('Tempo tag search'),
  };
}
