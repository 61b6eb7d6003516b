// A cap on how many backend calls run at once: a fan-out of 50 queries (5 per service for 10 services) then
// runs as a few at a time instead of 50 sockets hitting Prometheus together. Waiting counts against the
// caller's deadline: a task whose signal aborts while queued leaves the queue and rejects with the reason.
import type { CallGate } from '../datasources/http';

export interface ConcurrencyGate extends CallGate {
  readonly limit: number;
  /** Tasks running now. */
  active(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
}

interface Waiter {
  start: () => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export function createConcurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a whole number >= 1, got ${limit}`);
  let running = 0;
  const queue: Waiter[] = [];

  const release = () => {
    running--;
    while (queue.length > 0 && running < limit) {
      const next = queue.shift()!;
      if (next.signal?.aborted) continue;
      if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
      running++;
      next.start();
    }
  };

  return {
    limit,
    active: () => running,
    waiting: () => queue.length,
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          let result: Promise<T>;
          try {
            result = task();
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(resolve, reject).finally(release);
        };
        if (running < limit) {
          running++;
          start();
          return;
        }
        const waiter: Waiter = { start, signal };
        if (signal) {
          waiter.onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(abortReason(signal));
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
      });
    },
  };
}

/**
 * A function that runs tasks at most `limit` at a time: `const limited = withConcurrencyLimit(4);
 * await Promise.all(queries.map((q) => limited(() => run(q), signal)))`.
 */
export function withConcurrencyLimit(limit: number): <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  const gate = createConcurrencyGate(limit);
  return (task, signal) => gate.run(task, signal);
}

/** Maps items through an async function, at most `limit` at a time; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const gate = createConcurrencyGate(limit);
  return Promise.all(items.map((item, index) => gate.run(() => fn(item, index), signal)));
}
