// The report as Markdown for meeting notes: the same numbers as the page, tables for the lists, links made
// absolute when the console's origin is known. Table cells are escaped (pipes, newlines), so a title with a
// "|" cannot break a table. Pure.
import { SECTION_TITLES, type ActionItemView, type ReportData, type SectionKey, type SectionState, type SnapshotInfo, type SourceProblem } from './types';
import { formatAttainment, formatCount, formatPoints, formatShare, formatSpan, formatZoned } from './format';
import { monthTitle, previousMonth } from './month';

export interface MarkdownOptions {
  /** Present when the report is a frozen snapshot. */
  snapshot: SnapshotInfo | null;
  /** e.g. https://weft.example.com; links stay relative without it. */
  origin?: string;
  /** Most incident rows written (the rest are counted). */
  maxIncidents?: number;
}

const STATUS_LABELS: Record<ActionItemView['status'], string> = { open: 'Open', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };

/** Escapes text for a table cell: pipes, backslashes, line breaks, and Markdown's inline markers. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`[\]<>])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
    .trim();
}

function link(text: string, href: string, origin: string | undefined): string {
  const url = origin && href.startsWith('/') ? `${origin.replace(/\/+$/, '')}${href}` : href;
  return `[${cell(text)}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function problemsNote(problems: readonly SourceProblem[]): string[] {
  if (problems.length === 0) return [];
  return ['', `> Partial: ${problems.map((p) => `${cell(p.what)} (${p.source}: ${cell(p.message)})`).join('; ')}.`];
}

function failedSection(key: SectionKey, state: SectionState): string[] {
  const problems = state.status === 'error' ? state.problems : [];
  return [`_${SECTION_TITLES[key]} could not be computed${problems.length ? `: ${problems.map((p) => `${cell(p.what)} (${p.source}: ${cell(p.message)})`).join('; ')}` : ''}._`];
}

function slosPart(data: ReportData, origin: string | undefined): string[] {
  const state = data.sections.slos;
  const out = ['## SLO attainment', ''];
  if (state.status === 'error') return [...out, ...failedSection('slos', state)];
  const { slos } = state.section.data;
  if (slos.length === 0) return [...out, '_No SLOs are defined._'];
  const last = monthTitle(previousMonth(data.month).label);
  out.push(
    table(
      ['SLO', 'Service', 'Objective', 'Attainment', 'Budget spent', 'Status', `Change vs ${last}`],
      slos.map((slo) => [
        cell(slo.slo.name),
        cell(slo.slo.service),
        formatAttainment(slo.slo.objective),
        slo.month ? formatAttainment(slo.month.attainment) : 'failed',
        slo.month ? formatShare(slo.month.budgetSpent) : '–',
        !slo.month ? 'failed' : slo.month.met === null ? 'no data' : slo.month.met ? 'met' : 'missed',
        formatPoints(slo.change.attainmentPoints, 3),
      ]),
    ),
  );
  const red = slos
    .map((slo) => ({ slo, days: slo.days.filter((day) => day.burnRate !== null && day.burnRate > 1) }))
    .filter((entry) => entry.days.length > 0);
  if (red.length > 0) {
    out.push('', 'Days below objective:');
    for (const { slo, days } of red) {
      out.push(`- ${cell(`${slo.slo.service}/${slo.slo.name}`)}: ${days.map((day) => link(day.date.slice(5), day.failedTracesHref, origin)).join(', ')}`);
    }
  }
  return [...out, ...problemsNote(state.section.problems)];
}

function incidentsPart(data: ReportData, options: MarkdownOptions): string[] {
  const state = data.sections.incidents;
  const out = ['## Incidents', ''];
  if (state.status === 'error') return [...out, ...failedSection('incidents', state)];
  const { episodes } = state.section.data;
  if (episodes.length === 0) return [...out, '_No alerts fired this month._', ...problemsNote(state.section.problems)];
  const quality = data.sections['alert-quality'];
  const matters = new Map(quality.status === 'ok' ? quality.section.data.matches.map((match) => [match.ref, match]) : []);
  const max = options.maxIncidents ?? 100;
  const bySeverity = new Map<string, number>();
  for (const episode of episodes) bySeverity.set(episode.severity ?? 'none', (bySeverity.get(episode.severity ?? 'none') ?? 0) + 1);
  out.push(`${episodes.length} alert episodes fired (${[...bySeverity.entries()].map(([severity, n]) => `${n} ${severity}`).join(', ')}).`, '');
  const tz = data.month.timeZone;
  out.push(
    table(
      ['Alert', 'Severity', 'Service', 'Start', 'End', 'Duration', 'Time to resolve', 'SLO burn', 'Traces'],
      episodes.slice(0, max).map((episode) => {
        const match = matters.get(episode.ref);
        const traces = episode.exemplars.length > 0 ? episode.exemplars.map((exemplar, index) => link(`exemplar ${index + 1}`, exemplar.href, options.origin)).join(' ') : link('search', episode.tracesHref, options.origin);
        return [
          link(episode.name, episode.alertHref, options.origin),
          cell(episode.severity ?? '–'),
          cell(episode.service ?? '–'),
          `${formatZoned(episode.startMs, tz)}${episode.startedBeforeMonth ? ' (before)' : ''}`,
          episode.ongoing ? 'still firing' : formatZoned(episode.endMs, tz),
          formatSpan(episode.durationMs),
          episode.ongoing ? '–' : formatSpan(episode.timeToResolveMs),
          match ? (match.matters ? 'yes' : 'no') : '–',
          traces,
        ];
      }),
    ),
  );
  if (episodes.length > max) out.push('', `_${episodes.length - max} more episodes are on the page._`);
  return [...out, ...problemsNote(state.section.problems)];
}

function qualityPart(data: ReportData): string[] {
  const state = data.sections['alert-quality'];
  const out = ['## Alert quality', ''];
  if (state.status === 'error') return [...out, ...failedSection('alert-quality', state)];
  const q = state.section.data;
  out.push(
    `${q.matched} of ${q.episodes} alert episodes (${formatShare(q.share)}) coincided with a real SLO burn; ${formatShare(q.firingMs > 0 ? q.firingInBurnMs / q.firingMs : null)} of all firing time was during a burn.`,
    `${q.burns.length} SLO burns; ${q.missedBurns} had no alert.`,
  );
  if (q.noisiest.length > 0) {
    out.push('', 'Noisiest alerts:', '');
    out.push(
      table(
        ['Alert', 'Severity', 'Episodes', 'Noise', 'Firing', 'Outside burns'],
        q.noisiest.map((entry) => [cell(entry.name), cell(entry.severity ?? '–'), String(entry.episodes), String(entry.noise), formatSpan(entry.firingMs), formatSpan(entry.firingMs - entry.firingInBurnMs)]),
      ),
    );
  }
  out.push('', `_A burn: 15-minute buckets above ${q.rule.burnRateThreshold}× the sustainable burn rate, spending at least ${formatShare(q.rule.minBudgetShare)} of the month's budget. An episode matters when it began during a burn (±${formatSpan(q.rule.toleranceMs)})._`);
  return [...out, ...problemsNote(state.section.problems)];
}

function yesNo(value: boolean | null): string {
  return value === null ? '–' : value ? 'yes' : 'no';
}

function coveragePart(data: ReportData): string[] {
  const state = data.sections.coverage;
  const out = ['## Telemetry coverage', ''];
  if (state.status === 'error') return [...out, ...failedSection('coverage', state)];
  const c = state.section.data;
  const tz = data.month.timeZone;
  if (c.logs) {
    out.push(`Log lines carrying a trace id: ${formatShare(c.logs.share)} of ${formatCount(c.logs.lines)} lines, sampled over ${c.logs.windows.length} one-hour windows (${c.logs.windowsWithData} with logs): ${c.logs.windows.map((w) => formatZoned(w.startMs, tz)).join(', ')}.`);
  }
  if (c.traceLogs) out.push(`Traces with matching logs: ${c.traceLogs.withLogs} of ${c.traceLogs.sampled} sampled traces (${formatShare(c.traceLogs.share)}).`);
  if (c.services.length > 0) {
    out.push('');
    out.push(
      table(
        ['Service', 'Sends traces', 'Log lines with trace id', 'Sends profiles', 'Has an SLO'],
        c.services.map((row) => [cell(row.service), yesNo(row.sendsTraces), formatShare(row.logShare), yesNo(row.sendsProfiles), row.hasSlo ? 'yes' : 'no']),
      ),
    );
  }
  return [...out, ...problemsNote(state.section.problems)];
}

function maturityPart(data: ReportData): string[] {
  const state = data.sections.maturity;
  const out = ['## Maturity', ''];
  if (state.status === 'error') return [...out, ...failedSection('maturity', state)];
  out.push(
    table(
      ['Axis', 'Score', 'Source', 'How'],
      state.section.data.scores.map((score) => [cell(score.label), score.value === null ? '–' : `${Math.round(score.value)} / 100`, score.source === 'measured' ? 'measured' : score.source === 'entered' ? `entered${score.entered?.updatedBy ? ` by ${cell(score.entered.updatedBy)}` : ''}` : 'not available', cell(score.source === 'entered' && score.entered?.note ? score.entered.note : score.detail)]),
    ),
  );
  return out;
}

function actionItemsPart(data: ReportData): string[] {
  const out = ['## Action items', ''];
  if (data.actionItems.length === 0) return [...out, '_None._'];
  out.push(
    table(
      ['Status', 'Item', 'Owner', 'Due', 'Ticket', 'Linked to', 'Raised'],
      data.actionItems.map((item) => [
        STATUS_LABELS[item.status],
        cell(item.title),
        cell(item.owner),
        item.dueDate ?? '–',
        item.ticketUrl ? `[ticket](${item.ticketUrl.replace(/[()\s]/g, (c) => encodeURIComponent(c))})` : '–',
        cell([item.sloId ? `SLO ${item.sloId}` : '', item.incidentRef ? `incident ${item.incidentRef}` : ''].filter(Boolean).join(', ') || '–'),
        item.carriedOver ? `${item.reportMonth} (carried over)` : item.reportMonth,
      ]),
    ),
  );
  return out;
}

export function reportMarkdown(data: ReportData, options: MarkdownOptions): string {
  const tz = data.month.timeZone;
  const stamp = options.snapshot
    ? `Snapshot frozen at ${formatZoned(options.snapshot.frozenAtMs, tz)} (${tz})${options.snapshot.frozenBy ? ` by ${cell(options.snapshot.frozenBy)}` : ''}.`
    : `Live numbers as of ${formatZoned(data.generatedAtMs, tz)} (${tz}).`;
  const lines = [
    `# Monthly review: ${monthTitle(data.month.label)}`,
    '',
    `${stamp} Calendar month in ${tz}: ${formatZoned(data.month.startMs, tz)} to ${formatZoned(data.month.endMs, tz)}, ${data.month.days} days.`,
    '',
    ...slosPart(data, options.origin),
    '',
    ...incidentsPart(data, options),
    '',
    ...qualityPart(data),
    '',
    ...coveragePart(data),
    '',
    ...maturityPart(data),
    '',
    ...actionItemsPart(data),
    '',
  ];
  return lines.join('\n');
}
