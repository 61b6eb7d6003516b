// For the engines' fuzz tests: whatever a person types, an engine may refuse it only with a QueryError.
import { QueryError } from '../types';

/** Runs each evaluation of `query`; rethrows (naming the query) anything thrown that is not a QueryError. */
export function expectOnlyQueryErrors(query: string, runs: readonly (() => unknown)[]): void {
  for (const run of runs) {
    try {
      run();
    } catch (error) {
      if (!(error instanceof QueryError)) throw new Error(`non-QueryError for ${JSON.stringify(query)}: ${String(error)}`);
    }
  }
}
