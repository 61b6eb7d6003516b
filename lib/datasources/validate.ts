// Runtime validation at the boundary: external JSON is checked, never cast.
import type { z } from 'zod';
import { DatasourceError, type BackendName } from './errors';

export function validateWire<T>(backend: BackendName, schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new DatasourceError({
    backend,
    kind: 'bad-response',
    message: `${backend} sent an unexpected ${what} response${where}: ${issue?.message ?? 'invalid shape'}`,
    cause: result.error,
  });
}
