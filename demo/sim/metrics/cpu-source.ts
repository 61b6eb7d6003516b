// process_cpu_seconds_total as counter columns (one per service): the CPU of every workload of the service, the
// same numbers the CPU profiles are made of.
import type { FleetMinutes } from '../fleet-minutes';
import { reconcileShareOfMinute } from '../jobs';
import { WORKLOADS } from '../profiles/workloads';
import { MINUTE_MS } from '../time';
import { SERVICES, type ServiceName } from '../topology';
import type { CounterSource } from './counters';

const CPU_MS_PER_UNIT = WORKLOADS.map((w) => w.cpu.reduce((sum, [, ms]) => sum + ms, 0));
const WORKLOAD_COLUMN = WORKLOADS.map((w) => SERVICES.indexOf(w.service));

export class CpuCounterSource implements CounterSource {
  readonly width = SERVICES.length;
  readonly columnService: readonly ServiceName[] = SERVICES;

  constructor(
    private readonly seed: number,
    private readonly minutes: FleetMinutes,
  ) {}

  fillHour(hourStartMs: number, out: Float64Array): void {
    const minutes = this.minutes.hour(hourStartMs);
    for (let m = 0; m < 60; m++) {
      const ctx = minutes[m];
      const jobShare = reconcileShareOfMinute(this.seed, hourStartMs + m * MINUTE_MS);
      const row = m * this.width;
      for (let w = 0; w < WORKLOADS.length; w++) {
        // ms of CPU per second x 60 s / 1000 = CPU seconds in the minute.
        out[row + WORKLOAD_COLUMN[w]] += (WORKLOADS[w].driver(ctx, jobShare) * CPU_MS_PER_UNIT[w] * 60) / 1000;
      }
    }
  }
}
