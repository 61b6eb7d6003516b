// The subset of Go text/template that line_format and label_format accept here: literal text, {{.label}}
// (a missing label renders as "", Loki uses missingkey=zero) and {{__line__}}, with {{- -}} trimming.
// Functions, pipes and control structures are rejected as unsupported rather than rendered wrongly.

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'label'; name: string } | { kind: 'line' };

export class TemplateError extends Error {}

export function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  let text = '';
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open === -1) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const close = source.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateError('unclosed action');
    let action = source.slice(open + 2, close);
    if (action.startsWith('-') && /^-\s/.test(action)) {
      text = text.replace(/\s+$/, '');
      action = action.slice(1);
    }
    let trimAfter = false;
    if (/\s-$/.test(action)) {
      trimAfter = true;
      action = action.slice(0, -1);
    }
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    const body = action.trim();
    const label = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (label) parts.push({ kind: 'label', name: label[1] });
    else if (body === '__line__') parts.push({ kind: 'line' });
    else throw new TemplateError(`template action "{{${action}}}" is not supported (only {{.label}} and {{__line__}})`);
    i = close + 2;
    if (trimAfter) while (i < source.length && /\s/.test(source[i])) i++;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

export function renderTemplate(parts: readonly TemplatePart[], label: (name: string) => string, line: string): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'label') out += label(part.name);
    else out += line;
  }
  return out;
}
