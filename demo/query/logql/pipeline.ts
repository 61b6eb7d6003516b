// Runs a LogQL pipeline over log entries: line filters, parsers (json, logfmt, regexp), label filters,
// line_format / label_format, drop / keep, decolorize. Labels follow Loki's rules: parsed labels that clash
// with stream labels get an `_extracted` suffix, parser and filter failures set __error__ (and
// __error_details__) instead of dropping the line, a parser skips lines that already carry an error.
import type { Labels, LogEntry } from '../types';
import { parseGoDurationNs } from '../shared/durations';
import { labelsKey } from '../shared/labels';
import { groupLabels, type Grouping } from '../vector/aggregate';
import type { ComparisonOp } from '../vector/binary';
import type { LabelFilterExpr, Stage } from './ast';
import { extractJsonPath, flattenJsonLine, JsonError, parseJson } from './json';
import { parseLogfmt } from './logfmt';
import { sanitizeLabelKey } from './json';
import { renderTemplate } from './template';
import { parseBytes } from './units';

export const ERROR_LABEL = '__error__';
export const ERROR_DETAILS_LABEL = '__error_details__';
const DUPLICATE_SUFFIX = '_extracted';
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Go's strconv.ParseFloat for decimal input; null when it does not parse. */
export function parseGoFloat(text: string): number | null {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  return null;
}

function compare(op: ComparisonOp, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** The labels of one line as the pipeline changes them; stream labels stay shared until the end. */
export class LabelState {
  private base: Labels = {};
  private metadata: Labels | undefined;
  private readonly parsed = new Map<string, string>();
  private deleted: Set<string> | null = null;
  private readonly groupCache = new Map<string, Labels>();

  reset(base: Labels, metadata: Labels | undefined): void {
    this.base = base;
    this.metadata = metadata && Object.keys(metadata).length > 0 ? metadata : undefined;
    this.parsed.clear();
    this.deleted = null;
  }

  get(name: string): string | undefined {
    const parsed = this.parsed.get(name);
    if (parsed !== undefined) return parsed;
    if (this.deleted?.has(name)) return undefined;
    return this.metadata?.[name] ?? this.base[name];
  }

  set(name: string, value: string): void {
    this.parsed.set(name, value);
  }

  delete(name: string): void {
    this.parsed.delete(name);
    (this.deleted ??= new Set()).add(name);
  }

  baseHas(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.base, name);
  }

  hasError(): boolean {
    return (this.get(ERROR_LABEL) ?? '') !== '';
  }

  setError(error: string, details: string): void {
    this.set(ERROR_LABEL, error);
    this.set(ERROR_DETAILS_LABEL, details);
  }

  names(): string[] {
    const names = new Set<string>([...Object.keys(this.base), ...Object.keys(this.metadata ?? {}), ...this.parsed.keys()]);
    return [...names].filter((n) => this.get(n) !== undefined);
  }

  /** A parsed label's name: `_extracted` appended when it clashes with a stream label. */
  parsedName(key: string): string {
    return this.baseHas(key) ? key + DUPLICATE_SUFFIX : key;
  }

  /** The final label set (empty values dropped) and its key; the stream's own when nothing changed. */
  finish(streamKey: string): { labels: Labels; key: string } {
    if (this.parsed.size === 0 && this.deleted === null && this.metadata === undefined) return { labels: this.base, key: streamKey };
    const labels: Labels = {};
    const deleted = this.deleted;
    for (const name in this.base) if (!deleted?.has(name)) labels[name] = this.base[name];
    if (this.metadata) for (const name in this.metadata) if (!deleted?.has(name)) labels[name] = this.metadata[name];
    for (const [name, value] of this.parsed) labels[name] = value;
    for (const name in labels) if (labels[name] === '') delete labels[name];
    return { labels, key: labelsKey(labels) };
  }

  /** The labels a range aggregation's by/without keeps, without building the full set first. */
  grouped(grouping: Grouping): { labels: Labels; key: string } {
    if (grouping.without) {
      const { labels } = this.finish('');
      const out = groupLabels(labels, grouping);
      return { labels: out, key: labelsKey(out) };
    }
    // by (...): build the key straight from the values; the label object only for a new key.
    const names = grouping.labels.length > 1 ? [...grouping.labels].sort() : grouping.labels;
    let key = '';
    for (const name of names) {
      const value = this.get(name);
      if (value !== undefined && value !== '') key += `${name}\u0000${value}\u0001`;
    }
    let labels = this.groupCache.get(key);
    if (!labels) {
      labels = {};
      for (const name of names) {
        const value = this.get(name);
        if (value !== undefined && value !== '') labels[name] = value;
      }
      this.groupCache.set(key, labels);
    }
    return { labels, key };
  }
}

function lineMatches(stage: Extract<Stage, { kind: 'lineFilter' }>, line: string): boolean {
  switch (stage.op) {
    case '|=':
      return stage.values.some((v) => line.includes(v));
    case '!=':
      return !stage.values.some((v) => line.includes(v));
    case '|~':
      return stage.regexes.some((re) => re.test(line));
    case '!~':
      return !stage.regexes.some((re) => re.test(line));
  }
}

function labelFilterMatches(filter: LabelFilterExpr, state: LabelState): boolean {
  switch (filter.kind) {
    case 'and':
      return labelFilterMatches(filter.lhs, state) && labelFilterMatches(filter.rhs, state);
    case 'or':
      return labelFilterMatches(filter.lhs, state) || labelFilterMatches(filter.rhs, state);
    case 'string':
      return filter.test(state.get(filter.name) ?? '');
    default: {
      const raw = state.get(filter.name);
      if (raw === undefined) return false;
      let value: number | null;
      if (filter.kind === 'number') value = parseGoFloat(raw);
      else if (filter.kind === 'bytes') value = parseBytes(raw);
      else {
        try {
          value = parseGoDurationNs(raw);
        } catch {
          value = null;
        }
      }
      if (value === null) {
        // Loki keeps the line and marks it, so `| __error__=""` can drop it explicitly.
        state.setError('LabelFilterErr', `cannot convert ${JSON.stringify(raw)} for label filter on ${filter.name}`);
        return true;
      }
      const target = filter.kind === 'duration' ? filter.valueNs : filter.value;
      return compare(filter.op, value, target);
    }
  }
}

function runStage(stage: Stage, state: LabelState, line: string): string | null {
  switch (stage.kind) {
    case 'lineFilter':
      return lineMatches(stage, line) ? line : null;
    case 'json': {
      if (state.hasError()) return line;
      try {
        if (stage.extractions === null) {
          for (const [key, value] of flattenJsonLine(line)) state.set(state.parsedName(key), value);
        } else {
          const root = parseJson(line);
          for (const { label, path } of stage.extractions) {
            const value = extractJsonPath(root, path, line);
            if (value !== null) state.set(state.parsedName(label), value);
          }
        }
      } catch (error) {
        state.setError('JSONParserErr', error instanceof JsonError ? error.message : 'invalid JSON');
      }
      return line;
    }
    case 'logfmt': {
      if (state.hasError()) return line;
      const { pairs, error } = parseLogfmt(line);
      for (const [rawKey, value] of pairs) {
        const key = sanitizeLabelKey(rawKey, true);
        if (key !== '') state.set(state.parsedName(key), value);
      }
      if (error) state.setError('LogfmtParserErr', error);
      return line;
    }
    case 'regexp': {
      if (state.hasError()) return line;
      const match = stage.re.exec(line);
      if (match?.groups) {
        for (const name of stage.names) {
          const value = match.groups[name];
          if (value !== undefined) state.set(state.parsedName(name), value);
        }
      }
      return line;
    }
    case 'labelFilter':
      return labelFilterMatches(stage.filter, state) ? line : null;
    case 'lineFormat':
      return renderTemplate(stage.template, (name) => state.get(name) ?? '', line);
    case 'labelFormat': {
      const values = stage.items.map((item) =>
        item.src !== null ? (state.get(item.src) ?? '') : renderTemplate(item.template ?? [], (name) => state.get(name) ?? '', line),
      );
      stage.items.forEach((item, i) => {
        if (item.src !== null && item.src !== item.dst) state.delete(item.src);
        state.set(item.dst, values[i]);
      });
      return line;
    }
    case 'drop':
      for (const name of stage.names) state.delete(name);
      for (const m of stage.matchers) {
        const value = state.get(m.name);
        if (value !== undefined && m.test(value)) state.delete(m.name);
      }
      return line;
    case 'keep': {
      const keep = new Set(stage.names);
      for (const m of stage.matchers) {
        const value = state.get(m.name);
        if (value !== undefined && m.test(value)) keep.add(m.name);
      }
      for (const name of state.names()) if (!keep.has(name)) state.delete(name);
      return line;
    }
    case 'decolorize':
      return line.replace(ANSI_ESCAPE, '');
  }
}

/** Runs stages over one line; null when a filter drops it. `state` holds the line's labels afterwards. */
export function runPipeline(stages: readonly Stage[], state: LabelState, entry: LogEntry, streamLabels: Labels): string | null {
  state.reset(streamLabels, entry.structuredMetadata);
  return continuePipeline(stages, state, entry.line);
}

/** Runs more stages on a line whose labels are already in `state` (label filters after unwrap). */
export function continuePipeline(stages: readonly Stage[], state: LabelState, line: string): string | null {
  let current: string | null = line;
  for (const stage of stages) {
    current = runStage(stage, state, current);
    if (current === null) return null;
  }
  return current;
}

/**
 * Literals of positive line filters that every kept line must contain, for the store's lineContains hint:
 * only `|= "x"` without alternatives, and only before anything rewrites the line.
 */
export function requiredSubstrings(stages: readonly Stage[]): string[] {
  const out: string[] = [];
  for (const stage of stages) {
    if (stage.kind === 'lineFormat' || stage.kind === 'decolorize') break;
    if (stage.kind === 'lineFilter' && stage.op === '|=' && stage.values.length === 1 && stage.values[0] !== '') out.push(stage.values[0]);
  }
  return out;
}
