// Prometheus recording and alerting rules for an SLO, in Sloth's layout (https://sloth.dev): the SLI error
// ratio recorded per window as slo:sli_error:ratio_rate<window>, meta recordings (objective, budget, burn
// rates), and multiwindow multi-burn-rate page and ticket alerts on the recorded ratios. Dashboards and alert
// routing built for Sloth's output work on ours. Pure: SLOs in, rule groups (or YAML) out.
import { stringify } from 'yaml';
import { burnRateWindows, errorBudget, policyWindowsMs, roundNoise, type AlertSeverity, type BurnRateWindow } from './burn-rate';
import { DAY_MS, formatDuration } from './durations';
import { formatObjective, sloKey, type SloDefinition, type SloWindow } from './model';
import { errorRatioFrom, renderEventQuery, numeratorQuery } from './sli-query';
import { labelMatcher } from '../query-lang/promql';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

/**
 * Rules are static, a calendar month is not: they are written for a month's average of 30 days and a quarter's
 * 91 days (the panels use each period's real length). A rolling window uses its own length.
 */
export function rulePeriodDays(window: SloWindow): number {
  if (window.kind === 'rolling') return window.days;
  return window.period === 'month' ? 30 : 91;
}

/** The metric name of the error ratio over a window: slo:sli_error:ratio_rate5m. */
export function sliErrorRecordName(windowMs: number): string {
  return `slo:sli_error:ratio_rate${formatDuration(windowMs)}`;
}

/** "checkout-availability" -> "CheckoutAvailability". */
export function alertBaseName(slo: Pick<SloDefinition, 'name'>): string {
  return slo.name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function alertName(slo: Pick<SloDefinition, 'name'>, severity: AlertSeverity): string {
  return `${alertBaseName(slo)}SLOBurn${severity === 'page' ? 'Page' : 'Ticket'}`;
}

function identityLabels(slo: SloDefinition): Record<string, string> {
  return { sloth_id: sloKey(slo), sloth_service: slo.service, sloth_slo: slo.name };
}

/** `{sloth_id="...", sloth_service="...", sloth_slo="..."}` through the PromQL escaper. */
function identitySelector(slo: SloDefinition): string {
  return `{${Object.entries(identityLabels(slo))
    .map(([name, value]) => labelMatcher(name, '=', value))
    .join(', ')}}`;
}

/** A number as a rule writes it: no float noise (0.001, 14.4, 0.933333). */
function ruleNumber(value: number): string {
  return String(Number(roundNoise(value).toFixed(6)));
}

function burnCondition(slo: SloDefinition, pair: BurnRateWindow): string {
  const selector = identitySelector(slo);
  const limit = `(${ruleNumber(pair.threshold)} * ${ruleNumber(errorBudget(slo.objective))})`;
  return [
    '(',
    `    (${sliErrorRecordName(pair.shortWindowMs)}${selector} > ${limit})`,
    '    and ignoring (sloth_window)',
    `    (${sliErrorRecordName(pair.longWindowMs)}${selector} > ${limit})`,
    ')',
  ].join('\n');
}

/** The three rule groups of one SLO, as Sloth names them (sloth-slo-{sli-recordings,meta-recordings,alerts}-<id>). */
export function sloRuleGroups(slo: SloDefinition): RuleGroup[] {
  const id = sloKey(slo);
  const common = { ...slo.labels, ...identityLabels(slo) };
  const selector = identitySelector(slo);
  const periodDays = rulePeriodDays(slo.window);
  const periodWindow = formatDuration(periodDays * DAY_MS);
  const budget = ruleNumber(errorBudget(slo.objective));

  const sliRecordings: RecordingRule[] = policyWindowsMs().map((windowMs) => ({
    record: sliErrorRecordName(windowMs),
    expr: errorRatioFrom(slo.sli.type, renderEventQuery(numeratorQuery(slo.sli), windowMs), renderEventQuery(slo.sli.totalQuery, windowMs)),
    labels: { ...common, sloth_window: formatDuration(windowMs) },
  }));
  sliRecordings.push({
    record: `slo:sli_error:ratio_rate${periodWindow}`,
    expr: [
      `sum_over_time(${sliErrorRecordName(5 * 60_000)}${selector}[${periodWindow}])`,
      '/ ignoring (sloth_window)',
      `count_over_time(${sliErrorRecordName(5 * 60_000)}${selector}[${periodWindow}])`,
    ].join('\n'),
    // Sloth sets only sloth_window here (the rest comes from the series); with the identity too, two SLOs'
    // period rules are not duplicates to promtool.
    labels: { ...common, sloth_window: periodWindow },
  });

  const meta: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${ruleNumber(slo.objective)})`, labels: common },
    { record: 'slo:error_budget:ratio', expr: `vector(${budget})`, labels: common },
    { record: 'slo:time_period:days', expr: `vector(${periodDays})`, labels: common },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `${sliErrorRecordName(5 * 60_000)}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
      labels: common,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${periodWindow}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
      labels: common,
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${selector}`, labels: common },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: { ...common, sloth_mode: 'weft', sloth_objective: ruleNumber(slo.objective * 100), sloth_spec: 'prometheus/v1' },
    },
  ];

  const pairs = burnRateWindows(periodDays * DAY_MS);
  const alerts: AlertingRule[] = (['page', 'ticket'] as const).map((severity) => ({
    alert: alertName(slo, severity),
    expr: pairs
      .filter((pair) => pair.severity === severity)
      .map((pair) => burnCondition(slo, pair))
      .join('\nor ignoring (sloth_window)\n'),
    labels: { ...slo.labels, sloth_severity: severity, severity },
    annotations: {
      summary: `${slo.service} ${slo.name}: error budget burning ${severity === 'page' ? 'fast' : 'faster than it refills'}`,
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
      description: `The ${formatObjective(slo.objective)} SLO ${id} over ${periodWindow} burns its error budget above the ${severity} thresholds (multiwindow, multi-burn-rate).`,
    },
  }));

  return [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sliRecordings },
    { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
    { name: `sloth-slo-alerts-${id}`, rules: alerts },
  ];
}

/** A Prometheus rule file for the SLOs (`rule_files:` entry, or `promtool check rules`). */
export function sloRulesYaml(slos: readonly SloDefinition[]): string {
  const header = [
    '# Prometheus rules generated by Weft in the Sloth layout (slo:sli_error:ratio_rate<window>).',
    ...(slos.some((slo) => slo.window.kind === 'calendar')
      ? ['# Calendar windows: rules assume 30 days for a month and 91 for a quarter; Weft\'s panels use the real lengths.']
      : []),
  ].join('\n');
  const body = stringify({ groups: slos.flatMap(sloRuleGroups) }, { lineWidth: 0 });
  return `${header}\n${body}`;
}
