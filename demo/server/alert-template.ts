// The subset of Prometheus' alert templating (Go text/template + Prometheus funcs) that rule annotations use:
// {{ $labels.x }}, {{ $value }}, {{ .Labels.x }}, {{ .Value }}, pipes to humanize / humanizePercentage /
// humanizeDuration, and printf "%.Nf". Anything else is left verbatim rather than guessed.

/** Go's %.4g: 4 significant digits, trailing zeros dropped. */
function g4(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 4) {
    const [m, e] = v.toExponential(3).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(4)));
}

export function humanize(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs === 0) return g4(v);
  if (abs >= 1) {
    const prefixes = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
    let i = 0;
    let x = v;
    while (Math.abs(x) >= 1000 && i < prefixes.length - 1) {
      x /= 1000;
      i++;
    }
    return g4(x) + prefixes[i];
  }
  const prefixes = ['', 'm', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
  let i = 0;
  let x = v;
  while (Math.abs(x) < 1 && i < prefixes.length - 1) {
    x *= 1000;
    i++;
  }
  return g4(x) + prefixes[i];
}

export function humanizePercentage(v: number): string {
  return g4(v * 100) + '%';
}

export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (Math.abs(seconds) < 1) return seconds === 0 ? '0s' : humanize(seconds) + 's';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  const secs = Math.floor(rest);
  if (days > 0) return `${sign}${days}d ${hours}h ${minutes}m ${secs}s`;
  if (hours > 0) return `${sign}${hours}h ${minutes}m ${secs}s`;
  if (minutes > 0) return `${sign}${minutes}m ${secs}s`;
  return `${sign}${g4(rest)}s`;
}

type Value = string | number;

function resolveOperand(token: string, labels: Record<string, string>, value: number): Value | undefined {
  const t = token.trim();
  if (t === '$value' || t === '.Value') return value;
  const m = /^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(t);
  if (m) return labels[m[1]] ?? '';
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (quoted) return quoted[1];
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return undefined;
}

function applyFunction(name: string, arg: Value): string | undefined {
  const n = typeof arg === 'number' ? arg : Number(arg);
  switch (name) {
    case 'humanize':
      return humanize(n);
    case 'humanizePercentage':
      return humanizePercentage(n);
    case 'humanizeDuration':
      return humanizeDuration(n);
    case 'toUpper':
      return String(arg).toUpperCase();
    case 'toLower':
      return String(arg).toLowerCase();
    default:
      return undefined;
  }
}

function formatValue(v: Value): string {
  return typeof v === 'number' ? String(v) : v;
}

function evaluateAction(action: string, labels: Record<string, string>, value: number): string | undefined {
  const stages = action.split('|').map((s) => s.trim());
  let current: Value | undefined;
  const first = stages[0];
  const printf = /^printf\s+"((?:[^"\\]|\\.)*)"\s+(.+)$/.exec(first);
  if (printf) {
    const operand = resolveOperand(printf[2], labels, value);
    if (operand === undefined) return undefined;
    const fmt = /^%\.(\d+)f$/.exec(printf[1]);
    if (fmt) current = Number(operand).toFixed(Number(fmt[1]));
    else if (printf[1] === '%s' || printf[1] === '%v') current = formatValue(operand);
    else return undefined;
  } else {
    const call = /^([A-Za-z]+)\s+(.+)$/.exec(first);
    if (call) {
      const operand = resolveOperand(call[2], labels, value);
      if (operand === undefined) return undefined;
      current = applyFunction(call[1], operand);
    } else {
      current = resolveOperand(first, labels, value);
    }
  }
  if (current === undefined) return undefined;
  for (const stage of stages.slice(1)) {
    const out = applyFunction(stage, current);
    if (out === undefined) return undefined;
    current = out;
  }
  return formatValue(current);
}

/** Expand `{{ ... }}` actions of an annotation with an alert's labels and value. */
export function expandTemplate(template: string, labels: Record<string, string>, value: number): string {
  return template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, action: string) => evaluateAction(action, labels, value) ?? whole);
}
