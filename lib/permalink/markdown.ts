// "Copy as Markdown": a short summary of a shared view for chat or a ticket — what, where, when (absolute,
// in the reader's zone with its UTC offset), the key log line, and the link. Pure: the zone is passed in.
import { formatDurationUs } from '../trace-view/format';
import { formatObjective } from './title';
import { formatterPerZone, partsOf } from '../zone-format';
import type { AbsoluteRange, PermalinkState } from './view-state';

export interface MarkdownInput {
  title: string;
  state: Pick<PermalinkState, 'summary' | 'range'>;
  url: string;
  /** IANA zone for "when"; UTC when absent or unknown. */
  timeZone?: string;
}

export function permalinkMarkdown({ title, state, url, timeZone }: MarkdownInput): string {
  const lines = [`**${escapeMarkdown(title)}**`];
  const where = whereOf(state.summary);
  if (where) lines.push(`- Where: ${where}`);
  lines.push(`- When: ${formatRangeInZone(state.range, timeZone)}`);
  if (state.summary.kind === 'trace' && state.summary.keyLogLine) lines.push(`- Log: ${codeSpan(state.summary.keyLogLine)}`);
  lines.push(`- Link: ${url}`);
  return lines.join('\n');
}

function whereOf(summary: PermalinkState['summary']): string {
  switch (summary.kind) {
    case 'trace': {
      const parts = [`trace ${codeSpan(summary.traceId)}`];
      if (summary.spanId) {
        parts.push(`span ${codeSpan(summary.spanId)}${summary.spanName ? ` (${escapeMarkdown(summary.spanName)})` : ''}`);
      }
      if (summary.spanCount !== null) {
        const facts = [`${summary.spanCount} spans`];
        if (summary.errorCount) facts.push(`${summary.errorCount} errors`);
        if (summary.durationMs !== null) facts.push(formatDurationUs(summary.durationMs * 1000));
        parts.push(facts.join(', '));
      }
      if (summary.services.length > 0) parts.push(`services ${summary.services.map(escapeMarkdown).join(', ')}`);
      return parts.join(' · ');
    }
    case 'alert': {
      const labels = Object.entries(summary.labels).filter(([name]) => name !== 'alertname');
      const set = labels.length > 0 ? ` ${codeSpan(`{${labels.map(([n, v]) => `${n}="${v}"`).join(', ')}}`)}` : '';
      return `alert ${codeSpan(summary.name)}${set}`;
    }
    case 'slo':
      return [`SLO ${escapeMarkdown(summary.name ?? summary.id)}`, summary.service ? `service ${escapeMarkdown(summary.service)}` : null, summary.objective === null ? null : `objective ${formatObjective(summary.objective)}`]
        .filter(Boolean)
        .join(' · ');
    case 'report':
      return `monthly review ${summary.month}`;
    case 'search':
      return summary.query ? `trace search ${codeSpan(summary.query)}` : 'trace search';
    default:
      return '';
  }
}

/** "2026-11-21 11:00:00 to 11:30:00 (UTC+01:00, Europe/Berlin)"; the date is repeated when the ends differ. */
export function formatRangeInZone(range: AbsoluteRange, timeZone?: string): string {
  const zone = validZone(timeZone);
  const from = wallClock(range.fromMs, zone);
  const to = wallClock(range.toMs, zone);
  const toText = from.date === to.date ? to.time : `${to.date} ${to.time}`;
  const zoneText = zone === 'UTC' ? 'UTC' : `${from.offset === to.offset ? from.offset : `${from.offset}/${to.offset}`}, ${zone}`;
  return `${from.date} ${from.time} to ${toText} (${zoneText})`;
}

function validZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone === 'Etc/UTC' ? 'UTC' : timeZone;
  } catch {
    return 'UTC';
  }
}

const wallClockFormat = formatterPerZone('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

function wallClock(ms: number, timeZone: string): { date: string; time: string; offset: string } {
  const part = partsOf(wallClockFormat(timeZone), ms);
  const millis = ms % 1000 === 0 ? '' : `.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;
  // "GMT+01:00" / "GMT" -> "UTC+01:00" / "UTC+00:00"
  const gmt = part('timeZoneName');
  const offset = gmt === 'GMT' ? 'UTC+00:00' : gmt.replace('GMT', 'UTC');
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}:${part('second')}${millis}`, offset };
}

/**
 * Escapes the characters that would change formatting inside a line (emphasis, code, links, HTML, tables).
 * Only those: chat clients without backslash escapes (Slack) then show most text untouched.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_[\]<>~|]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

/** An inline code span that holds any text: the fence is one backtick longer than the longest run inside. */
export function codeSpan(value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
