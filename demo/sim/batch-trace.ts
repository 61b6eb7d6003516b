// The hourly `reconcile-stock` job of inventory as one big trace: root -> batches -> items -> two DB calls each.
// Built from typed arrays (no per-span objects until materialised): 20,000 spans take a few milliseconds.
import type { SpanAttributeValue, StoredSpan, StoredTrace } from '../query/types';
import { reconcileWindow, DEFAULT_BATCH_SPANS } from './jobs';
import { Lru } from './lru';
import { hash2, Rng, stringKey } from './random';
import type { FieldValue, LogLevel } from './request-model';
import { resourceAt } from './resources';
import { HOUR_MS, SECOND_MS, floorTo } from './time';
import { encodeTraceId, spanIdFactory } from './trace-ids';
import { DB_HOST, DB_NAME } from './topology';

const BATCH_SALT = stringKey('batch-trace');
const ITEMS_PER_BATCH = 33;
/** Trace-id index of a batch trace of n spans: 3 + n / 1000 (sampled requests use 0..2). */
export const MIN_BATCH_SPANS = 1000;
export const MAX_BATCH_SPANS = 252_000;

export function batchIndexOf(spanCount: number): number {
  if (!Number.isInteger(spanCount) || spanCount % 1000 !== 0 || spanCount < MIN_BATCH_SPANS || spanCount > MAX_BATCH_SPANS) {
    throw new RangeError(`batch traces have a whole number of thousands of spans between ${MIN_BATCH_SPANS} and ${MAX_BATCH_SPANS}, not ${spanCount}`);
  }
  return 3 + spanCount / 1000;
}

export function spanCountOfIndex(index: number): number | null {
  return index >= 4 && index <= 255 ? (index - 3) * 1000 : null;
}

const KIND_ROOT = 0;
const KIND_BATCH = 1;
const KIND_ITEM = 2;
const KIND_SELECT = 3;
const KIND_UPDATE = 4;

export interface BatchLog {
  node: number;
  /** From the root's start, ns. */
  offsetNs: number;
  level: LogLevel;
  msg: string;
  caller: string;
  fields: Record<string, FieldValue>;
}

export interface BatchPlan {
  traceId: string;
  hourStartMs: number;
  startMs: number;
  durationMs: number;
  spanCount: number;
  parent: Int32Array;
  kind: Uint8Array;
  /** Offsets from the root start, ns. */
  startNs: Float64Array;
  durationNs: Float64Array;
  /** Item spans: the SKU number; batch spans: the batch number. */
  key: Int32Array;
  error: Uint8Array;
  adjusted: Uint8Array;
  logs: BatchLog[];
}

/** Build the plan of the batch trace of the hour containing timeMs. O(spanCount). */
export function buildBatchPlan(seed: number, timeMs: number, spanCount = DEFAULT_BATCH_SPANS): BatchPlan {
  const index = batchIndexOf(spanCount);
  const hourStartMs = floorTo(timeMs, HOUR_MS);
  const window = reconcileWindow(seed, hourStartMs, spanCount);
  const traceId = encodeTraceId(seed, hourStartMs / SECOND_MS, index);
  const rng = new Rng(hash2(seed ^ BATCH_SALT, hourStartMs / HOUR_MS + spanCount));
  const parent = new Int32Array(spanCount);
  const kind = new Uint8Array(spanCount);
  const startNs = new Float64Array(spanCount);
  const durationNs = new Float64Array(spanCount);
  const key = new Int32Array(spanCount);
  const error = new Uint8Array(spanCount);
  const adjusted = new Uint8Array(spanCount);

  // Pass 1: shape and raw durations (ms), items run back to back inside their batch.
  parent[0] = -1;
  kind[0] = KIND_ROOT;
  let n = 1;
  let t = 0.4; // ms: loading the snapshot
  let batchNo = 0;
  while (n < spanCount) {
    const batch = n++;
    parent[batch] = 0;
    kind[batch] = KIND_BATCH;
    key[batch] = batchNo++;
    startNs[batch] = t;
    t += 0.05;
    for (let item = 0; item < ITEMS_PER_BATCH && n < spanCount; item++) {
      const itemIdx = n++;
      parent[itemIdx] = batch;
      kind[itemIdx] = KIND_ITEM;
      key[itemIdx] = 10_000 + Math.floor(rng.next() * 90_000);
      startNs[itemIdx] = t;
      t += 0.02;
      for (const k of [KIND_SELECT, KIND_UPDATE]) {
        if (n >= spanCount) break;
        const q = n++;
        parent[q] = itemIdx;
        kind[q] = k;
        startNs[q] = t;
        const d = rng.logNormal(k === KIND_SELECT ? 0.9 : 1.2, 0.35);
        durationNs[q] = d;
        t += d + 0.01;
        if (k === KIND_UPDATE && rng.chance(0.0006)) error[q] = 1;
      }
      if (rng.chance(0.02)) adjusted[itemIdx] = 1;
      t += 0.02;
      durationNs[itemIdx] = t - startNs[itemIdx];
      if (error[n - 1]) error[itemIdx] = 1;
    }
    t += 0.05;
    durationNs[batch] = t - startNs[batch];
  }
  t += 0.3;
  durationNs[0] = t;

  // Pass 2: scale to the scheduled duration, in ns.
  const factor = (window.durationMs * 1e6) / t;
  for (let i = 0; i < spanCount; i++) {
    // Round start and end (not the duration) so that children stay inside their parents.
    const start = Math.round(startNs[i] * factor);
    const end = Math.round((startNs[i] + durationNs[i]) * factor);
    startNs[i] = start;
    durationNs[i] = end - start;
  }
  durationNs[0] = window.durationMs * 1e6;

  const logs: BatchLog[] = [{ node: 0, offsetNs: 0, level: 'info', msg: 'reconcile started', caller: 'inventory/reconcile.go:41', fields: { job: 'reconcile-stock', batches: batchNo } }];
  let totalItems = 0;
  let totalAdjusted = 0;
  let totalFailed = 0;
  let batchItems = 0;
  let batchAdjusted = 0;
  let currentBatch = -1;
  const flushBatch = () => {
    if (currentBatch < 0) return;
    logs.push({ node: currentBatch, offsetNs: startNs[currentBatch] + durationNs[currentBatch], level: 'info', msg: 'batch reconciled', caller: 'inventory/reconcile.go:77', fields: { batch: key[currentBatch], items: batchItems, adjusted: batchAdjusted, duration_ms: Math.round(durationNs[currentBatch] / 1e4) / 100 } });
  };
  for (let i = 1; i < spanCount; i++) {
    if (kind[i] === KIND_BATCH) {
      flushBatch();
      currentBatch = i;
      batchItems = 0;
      batchAdjusted = 0;
    } else if (kind[i] === KIND_ITEM) {
      totalItems++;
      batchItems++;
      if (adjusted[i]) {
        totalAdjusted++;
        batchAdjusted++;
        logs.push({ node: i, offsetNs: startNs[i] + durationNs[i], level: 'warn', msg: 'stock mismatch corrected', caller: 'inventory/reconcile.go:102', fields: { sku: `SKU-${key[i]}`, delta: (key[i] % 7) - 3 || 1 } });
      }
      if (error[i]) {
        totalFailed++;
        logs.push({ node: i, offsetNs: startNs[i] + durationNs[i], level: 'error', msg: 'reconcile item failed', caller: 'inventory/reconcile.go:95', fields: { sku: `SKU-${key[i]}`, error: 'pq: could not serialize access due to concurrent update' } });
      }
    }
  }
  flushBatch();
  logs.push({ node: 0, offsetNs: durationNs[0], level: totalFailed > 0 ? 'warn' : 'info', msg: 'reconcile finished', caller: 'inventory/reconcile.go:58', fields: { job: 'reconcile-stock', items: totalItems, adjusted: totalAdjusted, failed: totalFailed, duration_ms: window.durationMs } });
  logs.sort((a, b) => a.offsetNs - b.offsetNs);

  return { traceId, hourStartMs, startMs: window.startMs, durationMs: window.durationMs, spanCount, parent, kind, startNs, durationNs, key, error, adjusted, logs };
}

const SELECT_STATEMENT = 'SELECT quantity, reserved FROM stock WHERE sku = $1';
const UPDATE_STATEMENT = 'UPDATE stock SET quantity = $1, reconciled_at = now() WHERE sku = $2';

/** Spans of a batch plan. O(spanCount). */
export function materializeBatch(seed: number, plan: BatchPlan): StoredTrace {
  const spanId = spanIdFactory(seed, plan.traceId);
  const resource = resourceAt(seed, 'inventory', plan.startMs);
  const rootStart = BigInt(plan.startMs) * 1_000_000n;
  const ids: string[] = new Array(plan.spanCount);
  for (let i = 0; i < plan.spanCount; i++) ids[i] = spanId(i);
  const spans: StoredSpan[] = new Array(plan.spanCount);
  const selectAttrs = dbAttributes('SELECT', SELECT_STATEMENT);
  const updateAttrs = dbAttributes('UPDATE', UPDATE_STATEMENT);
  for (let i = 0; i < plan.spanCount; i++) {
    const k = plan.kind[i];
    const startNs = rootStart + BigInt(plan.startNs[i]);
    const span: StoredSpan = {
      traceId: plan.traceId,
      spanId: ids[i],
      parentSpanId: i === 0 ? null : ids[plan.parent[i]],
      name: k === KIND_ROOT ? 'reconcile-stock' : k === KIND_BATCH ? 'reconcile batch' : k === KIND_ITEM ? 'reconcile item' : k === KIND_SELECT ? 'SELECT stock' : 'UPDATE stock',
      serviceName: 'inventory',
      kind: k === KIND_SELECT || k === KIND_UPDATE ? 'client' : 'internal',
      statusCode: plan.error[i] ? 'error' : 'unset',
      startNs,
      durationNs: BigInt(plan.durationNs[i]),
      attributes:
        k === KIND_ROOT
          ? { 'job.name': 'reconcile-stock', 'job.schedule': '5 * * * *', 'batch.count': countBatches(plan) }
          : k === KIND_BATCH
            ? { 'batch.index': plan.key[i] }
            : k === KIND_ITEM
              ? { 'stock.sku': `SKU-${plan.key[i]}`, 'stock.adjusted': plan.adjusted[i] === 1 }
              : k === KIND_SELECT
                ? selectAttrs
                : updateAttrs,
      resourceAttributes: resource,
    };
    if (plan.error[i]) {
      span.statusMessage = 'pq: could not serialize access due to concurrent update';
      if (k === KIND_UPDATE) {
        span.events = [
          {
            name: 'exception',
            timeNs: startNs + span.durationNs,
            attributes: { 'exception.type': '*pq.Error', 'exception.message': span.statusMessage, 'exception.escaped': false },
          },
        ];
      }
    }
    spans[i] = span;
  }
  return { traceId: plan.traceId, spans };
}

function countBatches(plan: BatchPlan): number {
  let count = 0;
  for (let i = 0; i < plan.spanCount; i++) if (plan.kind[i] === KIND_BATCH) count++;
  return count;
}

function dbAttributes(operation: string, statement: string): Record<string, SpanAttributeValue> {
  return {
    'db.system': 'postgresql',
    'db.name': DB_NAME,
    'db.user': 'inventory',
    'db.statement': statement,
    'db.operation': operation,
    'db.sql.table': 'stock',
    'server.address': DB_HOST,
    'server.port': 5432,
    'net.peer.name': DB_HOST,
  };
}

/** Memoised batch plans (a few: each is ~1 MB of typed arrays per 20,000 spans). */
export class BatchPlans {
  private readonly cache = new Lru<string, BatchPlan>(4);

  constructor(private readonly seed: number) {}

  get(timeMs: number, spanCount = DEFAULT_BATCH_SPANS): BatchPlan {
    const hourStartMs = floorTo(timeMs, HOUR_MS);
    return this.cache.getOrCompute(`${hourStartMs}|${spanCount}`, () => buildBatchPlan(this.seed, hourStartMs, spanCount));
  }
}
