// Reads a generated PromQL, LogQL or TraceQL query with the language's own grammar (the lezer parsers Grafana
// and Prometheus ship) and says where a marked value ended up: inside one string literal, or loose in the
// query where it would change its meaning.
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';

export type QueryLanguage = 'promql' | 'logql' | 'traceql';

const PARSERS = { promql: promqlParser, logql: logqlParser, traceql: traceqlParser };
const LITERAL_NODES: Record<QueryLanguage, ReadonlySet<string>> = {
  promql: new Set(['StringLiteral']),
  logql: new Set(['String']),
  traceql: new Set(['String']),
};

/** Go's strconv.Unquote for "...", '...' and `...` (PromQL and LogQL strings; TraceQL only uses \\ and \"). */
export function goUnquote(text: string): string {
  const quote = text[0];
  if (quote === '`') return text.slice(1, -1);
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    switch (next) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default:
        if (next !== undefined && /[0-7]/.test(next)) {
          out += String.fromCodePoint(parseInt(body.slice(i, i + 3), 8));
          i += 2;
        } else {
          out += next ?? '';
        }
    }
  }
  return out;
}

export interface LiteralReport {
  /** Grammar error nodes: the query does not parse. */
  errors: number;
  /** The string literals of the query, decoded. */
  literals: string[];
  /** The query with every string literal replaced by "": what the query does, whatever the values. */
  skeleton: string;
}

export function readQuery(language: QueryLanguage, query: string): LiteralReport {
  const report: LiteralReport = { errors: 0, literals: [], skeleton: '' };
  const spans: [number, number][] = [];
  PARSERS[language].parse(query).iterate({
    enter(node) {
      if (node.type.isError) report.errors++;
      if (LITERAL_NODES[language].has(node.name)) {
        spans.push([node.from, node.to]);
        report.literals.push(goUnquote(query.slice(node.from, node.to)));
        return false;
      }
      return undefined;
    },
  });
  let at = 0;
  for (const [from, to] of spans) {
    report.skeleton += query.slice(at, from) + '""';
    at = to;
  }
  report.skeleton += query.slice(at);
  return report;
}

export interface Planted {
  /** The value as sent (forms it may legitimately take in a literal: as sent, trimmed, regex-escaped). */
  forms: string[];
  /** Letters only, so no escaper changes it: where it shows up, the value went. */
  marker: string;
  /** A label name that is a plain identifier may stand in the query as a name, outside any literal. */
  mayBeIdentifier?: boolean;
}

/**
 * Problems with how a planted value sits in `query`: the query must parse, the marker must not appear outside
 * string literals, and a literal holding the marker must hold one whole form of the value.
 */
export function escapingProblems(language: QueryLanguage, query: string, planted: Planted): string[] {
  if (!query.includes(planted.marker)) return [];
  const report = readQuery(language, query);
  const problems: string[] = [];
  if (report.errors > 0) problems.push(`${language} does not parse: ${query}`);
  if (!planted.mayBeIdentifier && report.skeleton.includes(planted.marker)) problems.push(`${language}: the value escaped its literal: ${query}`);
  for (const literal of report.literals.filter((l) => l.includes(planted.marker))) {
    if (!planted.forms.some((form) => literal.includes(form))) problems.push(`${language}: a literal holds part of the value only (${JSON.stringify(literal)}): ${query}`);
  }
  return problems;
}

/** The queries in one request a backend received: PromQL, LogQL, TraceQL, and Pyroscope's label selectors. */
export function queriesOf(backend: string, method: string, url: string, body: string | undefined): { language: QueryLanguage; query: string }[] {
  const search = new URL(url, 'http://backend').searchParams;
  const out: { language: QueryLanguage; query: string }[] = [];
  const form = method === 'POST' && body !== undefined && !body.startsWith('{') ? new URLSearchParams(body) : null;
  if (backend === 'prometheus') {
    for (const params of [search, form]) {
      if (!params) continue;
      for (const name of ['query', 'match[]']) for (const query of params.getAll(name)) out.push({ language: 'promql', query });
    }
  } else if (backend === 'loki') {
    for (const name of ['query', 'match[]']) for (const query of search.getAll(name)) out.push({ language: 'logql', query });
  } else if (backend === 'tempo') {
    for (const query of search.getAll('q')) out.push({ language: 'traceql', query });
  } else if (backend === 'pyroscope' && body?.startsWith('{')) {
    const json = JSON.parse(body) as Record<string, unknown>;
    for (const key of ['labelSelector', 'query']) {
      const value = json[key];
      if (typeof value === 'string' && value.startsWith('{')) out.push({ language: 'promql', query: value });
    }
    for (const value of Array.isArray(json.matchers) ? json.matchers : []) if (typeof value === 'string') out.push({ language: 'promql', query: value });
  }
  return out;
}
