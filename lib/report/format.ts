// How the report writes its numbers, shared by the page and the Markdown export so both say the same thing.
// Pure.
import { zonedParts } from '../slo/calendar';

/** An SLI or objective as a percentage with enough digits to tell 99.9 from 99.95: "99.942 %". */
export function formatAttainment(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  const percent = ratio * 100;
  const digits = percent >= 99 ? 3 : percent >= 90 ? 2 : 1;
  return `${Number(percent.toFixed(digits))} %`;
}

/** A share as a whole percentage ("83 %"), one decimal under 10 % ("4.2 %"). */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  const percent = share * 100;
  return `${Number(percent.toFixed(percent !== 0 && Math.abs(percent) < 10 ? 1 : 0))} %`;
}

/** A change in percentage points with its sign: "+0.12 pp", "−3 pp", "±0 pp". */
export function formatPoints(points: number | null, digits = 2): string {
  if (points === null || !Number.isFinite(points)) return '–';
  const rounded = Number(points.toFixed(digits));
  if (rounded === 0) return '±0 pp';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} pp`;
}

/** "45 min", "1 h 5 min", "2 d 3 h". */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Wall-clock time in the report's zone: "2026-10-21 14:05". */
export function formatZoned(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "14:05" in the zone, for the end of an episode that began the same day. */
export function formatZonedTime(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 12,345 */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
