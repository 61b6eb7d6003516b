// Catching the DatasourceError a test expects: anything else (or no failure at all) fails the test.
import { DatasourceError } from '../../lib/datasources/errors';

/** The DatasourceError `promise` rejects with; throws when it resolves or rejects with something else. */
export async function failure(promise: Promise<unknown>): Promise<DatasourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatasourceError) return error;
    throw error;
  }
  throw new Error('expected a DatasourceError, but the call succeeded');
}

/** The DatasourceError `fn` throws; throws when it returns or throws something else. */
export function thrown(fn: () => unknown): DatasourceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatasourceError) return error;
    throw error;
  }
  throw new Error('expected a DatasourceError, but the call returned');
}
