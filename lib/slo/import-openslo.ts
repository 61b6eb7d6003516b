// OpenSLO v1 `SLO` documents -> SLO definitions. Supported: a ratioMetric SLI (good or bad over total) from a
// Prometheus metric source, inline (spec.indicator) or by reference to an SLI document in the same paste
// (spec.indicatorRef); one objective (target or targetPercent); one time window — rolling days/weeks, or a
// calendar month (1M) or quarter (1Q / 3M) in calendar.timeZone; budgetingMethod Occurrences. Anything else
// is refused with the field that asks for it. Spec: https://github.com/OpenSLO/OpenSLO#slo
import { parser } from '@prometheus-io/lezer-promql';
import { eventQueryForm, normalizePlaceholder } from './sli-query';
import { ImportError, isMap, join, readLabels, readMap, readNumber, readString, validated, type ImportedSlo, type YamlMap } from './import-common';
import type { SloWindow } from './model';

export const OPENSLO_API_VERSION = 'openslo/v1';

export function isOpenSloDocument(doc: YamlMap): boolean {
  return typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('openslo/');
}

/**
 * An OpenSLO Prometheus query as one of our event-query forms. OpenSLO queries usually read the counter
 * itself (`sum(http_requests_total{...})`, counter: true) and leave the window to the tool: a bare selector,
 * or sum() of one without grouping, becomes the selector form (sum(rate(<selector>[window]))). A query with
 * {{.window}} (Sloth's OpenSLO dialect) is kept as a template.
 */
export function openSloEventQuery(query: string, counter: boolean, path: string): string {
  const text = normalizePlaceholder(query.trim());
  const form = eventQueryForm(text);
  if (form.ok && form.value === 'template') return text;
  if (!counter) {
    throw new ImportError(path, 'with counter: false the query must compute events per second over the window itself, with the {{.window}} placeholder (sum(rate(x[{{.window}}])))');
  }
  if (form.ok) return text;
  const top = parser.parse(text).topNode.firstChild;
  // sum(<selector>) with no by/without: the sum of the rates is the rate of the sum.
  if (top?.name === 'AggregateExpr') {
    const op = top.getChild('AggregateOp');
    const body = top.getChild('FunctionCallBody');
    const inner = body?.firstChild;
    const sumWithoutGrouping = op && text.slice(op.from, op.to).toLowerCase() === 'sum' && !top.getChild('AggregateModifier');
    if (sumWithoutGrouping && inner?.name === 'VectorSelector' && !inner.nextSibling) {
      const selector = text.slice(inner.from, inner.to);
      if (eventQueryForm(selector).ok) return selector;
    }
  }
  throw new ImportError(path, `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}" is not a counter selector, sum(<counter selector>) or a query with {{.window}}: Weft cannot turn it into events over a window`);
}

function readMetricQuery(value: unknown, path: string, counter: boolean): string {
  const spec = readMap(value, path) as YamlMap;
  const sourcePath = join(path, 'metricSource');
  const source = readMap(spec.metricSource, sourcePath) as YamlMap;
  const type = readString(source.type, join(sourcePath, 'type'), false);
  if (type !== undefined && type.toLowerCase() !== 'prometheus') {
    throw new ImportError(join(sourcePath, 'type'), `"${type}" is not supported: Weft reads Prometheus metric sources`);
  }
  const sourceSpecPath = join(sourcePath, 'spec');
  const sourceSpec = readMap(source.spec, sourceSpecPath) as YamlMap;
  const queryKey = sourceSpec.query !== undefined ? 'query' : sourceSpec.promql !== undefined ? 'promql' : 'query';
  const query = readString(sourceSpec[queryKey], join(sourceSpecPath, queryKey)) as string;
  return openSloEventQuery(query, counter, join(sourceSpecPath, queryKey));
}

type SliOut = { type: 'bad'; badQuery: string; totalQuery: string } | { type: 'good'; goodQuery: string; totalQuery: string };

function readSliSpec(value: unknown, path: string): SliOut {
  const spec = readMap(value, path) as YamlMap;
  if (spec.thresholdMetric !== undefined) {
    throw new ImportError(join(path, 'thresholdMetric'), 'threshold SLIs are not supported: Weft computes ratio SLIs (ratioMetric with good or bad over total)');
  }
  const ratioPath = join(path, 'ratioMetric');
  const ratio = readMap(spec.ratioMetric, ratioPath) as YamlMap;
  if (ratio.raw !== undefined || ratio.rawType !== undefined) {
    throw new ImportError(join(ratioPath, ratio.raw !== undefined ? 'raw' : 'rawType'), 'a raw ratio is not supported: give good (or bad) and total');
  }
  const counter = ratio.counter === undefined ? true : ratio.counter === true;
  if (ratio.good !== undefined && ratio.bad !== undefined) throw new ImportError(ratioPath, 'give good or bad, not both');
  const totalQuery = readMetricQuery(ratio.total, join(ratioPath, 'total'), counter);
  if (ratio.good !== undefined) return { type: 'good', goodQuery: readMetricQuery(ratio.good, join(ratioPath, 'good'), counter), totalQuery };
  if (ratio.bad !== undefined) return { type: 'bad', badQuery: readMetricQuery(ratio.bad, join(ratioPath, 'bad'), counter), totalQuery };
  throw new ImportError(join(ratioPath, 'good'), 'is required (or bad)');
}

const SHORTHAND = /^(\d+)([mhdwMQY])$/;

function readWindow(value: unknown, path: string, notes: string[]): SloWindow {
  if (!Array.isArray(value) || value.length === 0) throw new ImportError(path, 'must list one time window');
  if (value.length > 1) throw new ImportError(path, `lists ${value.length} time windows: Weft keeps one window per SLO`);
  const windowPath = join(path, 0);
  const window = readMap(value[0], windowPath) as YamlMap;
  const durationPath = join(windowPath, 'duration');
  const duration = readString(window.duration, durationPath) as string;
  const match = SHORTHAND.exec(duration.trim());
  if (!match) throw new ImportError(durationPath, `"${duration}" is not an OpenSLO duration (e.g. 28d, 4w, 1M, 1Q)`);
  const count = Number(match[1]);
  const unit = match[2];
  if (window.isRolling === true) {
    if (unit === 'd' || unit === 'w') return { kind: 'rolling', days: count * (unit === 'w' ? 7 : 1) };
    throw new ImportError(durationPath, `a rolling window of "${duration}" is not supported: write it in days or weeks (e.g. 28d, 4w)`);
  }
  const calendarPath = join(windowPath, 'calendar');
  const calendar = readMap(window.calendar, calendarPath, false);
  const timeZone = readString(calendar?.timeZone, join(calendarPath, 'timeZone'), false) ?? 'UTC';
  if (!calendar) notes.push(`${calendarPath} is missing: the calendar window is cut in UTC`);
  if (calendar?.startTime !== undefined) notes.push(`${join(calendarPath, 'startTime')} is not read: months and quarters start on their first day at midnight`);
  if ((unit === 'M' && count === 1) || (unit === 'Q' && count === 1)) return { kind: 'calendar', period: unit === 'M' ? 'month' : 'quarter', timeZone };
  if (unit === 'M' && count === 3) return { kind: 'calendar', period: 'quarter', timeZone };
  throw new ImportError(durationPath, `a calendar window of "${duration}" is not supported: use 1M (a month) or 1Q (a quarter)`);
}

function readObjective(value: unknown, path: string, notes: string[]): number {
  if (!Array.isArray(value) || value.length === 0) throw new ImportError(path, 'must list one objective');
  if (value.length > 1) throw new ImportError(path, `lists ${value.length} objectives: Weft keeps one objective per SLO (import one SLO per objective)`);
  const objectivePath = join(path, 0);
  const objective = readMap(value[0], objectivePath) as YamlMap;
  for (const key of ['indicator', 'indicatorRef', 'compositeWeight'] as const) {
    if (objective[key] !== undefined) throw new ImportError(join(objectivePath, key), 'composite SLOs (an indicator per objective) are not supported: put the indicator in spec.indicator');
  }
  for (const key of ['timeSliceTarget', 'timeSliceWindow'] as const) {
    if (objective[key] !== undefined) throw new ImportError(join(objectivePath, key), 'time slices are not supported: Weft budgets by occurrences (events)');
  }
  for (const key of ['op', 'value'] as const) {
    if (objective[key] !== undefined) notes.push(`${join(objectivePath, key)} is not read: it applies to threshold SLIs`);
  }
  if (objective.target !== undefined) return readNumber(objective.target, join(objectivePath, 'target'));
  if (objective.targetPercent !== undefined) {
    const percent = readNumber(objective.targetPercent, join(objectivePath, 'targetPercent'));
    return Number((percent / 100).toPrecision(12));
  }
  throw new ImportError(join(objectivePath, 'target'), 'is required (or targetPercent)');
}

/** OpenSLO `SLI` documents of a paste, by metadata.name, for spec.indicatorRef. */
export function collectOpenSloIndicators(docs: readonly { doc: YamlMap; path: string }[]): Map<string, { spec: unknown; path: string }> {
  const indicators = new Map<string, { spec: unknown; path: string }>();
  for (const { doc, path } of docs) {
    if (!isOpenSloDocument(doc) || doc.kind !== 'SLI') continue;
    const metadata = isMap(doc.metadata) ? doc.metadata : {};
    if (typeof metadata.name === 'string') indicators.set(metadata.name, { spec: doc.spec, path: join(path, 'spec') });
  }
  return indicators;
}

/** One OpenSLO `SLO` document -> its SLO. Throws ImportError naming the field. */
export function importOpenSloDocument(doc: YamlMap, path: string, indicators: Map<string, { spec: unknown; path: string }>): ImportedSlo {
  if (doc.apiVersion !== OPENSLO_API_VERSION) {
    throw new ImportError(join(path, 'apiVersion'), `"${String(doc.apiVersion)}" is not supported: Weft reads ${OPENSLO_API_VERSION}`);
  }
  const notes: string[] = [];
  const metadataPath = join(path, 'metadata');
  const metadata = readMap(doc.metadata, metadataPath) as YamlMap;
  const specPath = join(path, 'spec');
  const spec = readMap(doc.spec, specPath) as YamlMap;

  const methodPath = join(specPath, 'budgetingMethod');
  const method = readString(spec.budgetingMethod, methodPath, false);
  if (method === undefined) notes.push(`${methodPath} is missing: budgeting by Occurrences`);
  else if (method !== 'Occurrences') throw new ImportError(methodPath, `"${method}" is not supported: Weft budgets by Occurrences (events)`);

  let sli: SliOut;
  if (spec.indicator !== undefined) {
    const indicatorPath = join(specPath, 'indicator');
    const indicator = readMap(spec.indicator, indicatorPath) as YamlMap;
    sli = readSliSpec(indicator.spec, join(indicatorPath, 'spec'));
  } else if (spec.indicatorRef !== undefined) {
    const refPath = join(specPath, 'indicatorRef');
    const ref = readString(spec.indicatorRef, refPath) as string;
    const found = indicators.get(ref);
    if (!found) throw new ImportError(refPath, `no SLI document named "${ref}" in what was pasted: paste it too (kind: SLI), or inline it as spec.indicator`);
    sli = readSliSpec(found.spec, found.path);
  } else {
    throw new ImportError(join(specPath, 'indicator'), 'is required (or indicatorRef)');
  }

  if (spec.alertPolicies !== undefined) notes.push(`${join(specPath, 'alertPolicies')} is not kept: exported rules carry Weft's page and ticket alerts`);
  const window = readWindow(spec.timeWindow, join(specPath, 'timeWindow'), notes);
  const objective = readObjective(spec.objectives, join(specPath, 'objectives'), notes);
  const labels = readLabels(metadata.labels, join(metadataPath, 'labels'));
  const displayName = readString(metadata.displayName, join(metadataPath, 'displayName'), false);
  const description = readString(spec.description, join(specPath, 'description'), false) ?? displayName ?? '';

  const definition = validated(
    {
      name: readString(metadata.name, join(metadataPath, 'name')),
      service: readString(spec.service, join(specPath, 'service')),
      description,
      sli,
      objective,
      window,
      owner: labels.owner ?? labels.team ?? '',
      labels,
    },
    path,
  );
  return { definition, source: 'openslo', notes };
}
