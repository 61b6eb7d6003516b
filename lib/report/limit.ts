// Bounded concurrency: a month's report runs dozens of queries; the backends (and a 2-core demo) take them a
// few at a time, each backend on its own. Tasks start in the order they were queued.

import type { BackendName } from '../datasources/errors';

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A limiter per backend the report reads: one slow backend's queued reads must not hold up another's. */
export type BackendLimiters = Record<Extract<BackendName, 'prometheus' | 'loki' | 'tempo' | 'pyroscope'>, Limiter>;

export function createBackendLimiters(maxConcurrent: number): BackendLimiters {
  return { prometheus: createLimiter(maxConcurrent), loki: createLimiter(maxConcurrent), tempo: createLimiter(maxConcurrent), pyroscope: createLimiter(maxConcurrent) };
}

export function createLimiter(maxConcurrent: number): Limiter {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  let running = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (running >= maxConcurrent) return;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        running++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(() => {
          running--;
          next();
        });
      });
      next();
    });
}
