import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './durations';
import { checkSli, eventQueryForm, eventQueryTemplate, promqlSyntaxError, renderEventQuery, sliQueries, type Sli } from './sli-query';

const BAD: Sli = {
  type: 'bad',
  badQuery: 'sum(rate(http_server_requests_total{service="gateway",http_response_status_code=~"5.."}[{{.window}}]))',
  totalQuery: 'sum(rate(http_server_requests_total{service="gateway"}[{{.window}}]))',
};

describe('event queries', () => {
  it('recognise templates and bare selectors', () => {
    expect(eventQueryForm(BAD.badQuery)).toEqual({ ok: true, value: 'template' });
    expect(eventQueryForm('sum(rate(x[{{ .window }}]))')).toEqual({ ok: true, value: 'template' });
    expect(eventQueryForm('http_requests_total{code=~"5.."}')).toEqual({ ok: true, value: 'selector' });
    expect(eventQueryForm('{__name__="http_requests_total"}')).toEqual({ ok: true, value: 'selector' });
  });

  it('refuse anything else and say why', () => {
    const form = eventQueryForm('sum(rate(x[5m]))');
    expect(form.ok).toBe(false);
    if (!form.ok) expect(form.error).toContain('{{.window}}');
    expect(eventQueryForm('')).toEqual({ ok: false, error: 'is empty' });
    const broken = eventQueryForm('sum(rate(x[{{.window}}])');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatch(/^syntax error at character \d+/);
    expect(eventQueryForm('x[5m]').ok).toBe(false);
    expect(eventQueryForm('x offset 1h').ok).toBe(false);
    expect(eventQueryForm('a'.repeat(5000)).ok).toBe(false);
  });

  it('render over a window', () => {
    expect(renderEventQuery(BAD.totalQuery, HOUR_MS)).toBe('sum(rate(http_server_requests_total{service="gateway"}[1h]))');
    expect(renderEventQuery('x{a="b"}', 5 * MINUTE_MS)).toBe('sum(rate(x{a="b"}[5m]))');
    expect(renderEventQuery('sum(rate(x[{{ .window }}])) + sum(rate(y[{{.window}}]))', 3 * DAY_MS)).toBe('sum(rate(x[3d])) + sum(rate(y[3d]))');
    expect(renderEventQuery('sum(rate(x[{{.window}}]))', 1_234_567_000)).toBe('sum(rate(x[14d6h56m7s]))');
    expect(() => renderEventQuery('sum(rate(x[5m]))', HOUR_MS)).toThrow(TypeError);
    expect(eventQueryTemplate('x{a="b"}')).toBe('sum(rate(x{a="b"}[{{.window}}]))');
  });
});

describe('SLI queries', () => {
  it('build bad / total', () => {
    expect(sliQueries(BAD, 5 * MINUTE_MS).errorRatio).toBe(
      '(sum(rate(http_server_requests_total{service="gateway",http_response_status_code=~"5.."}[5m]))) / (sum(rate(http_server_requests_total{service="gateway"}[5m])))',
    );
  });

  it('build 1 - good / total', () => {
    const good: Sli = { type: 'good', goodQuery: 'latency_bucket{le="1"}', totalQuery: 'latency_count' };
    const queries = sliQueries(good, HOUR_MS);
    expect(queries.numerator).toBe('sum(rate(latency_bucket{le="1"}[1h]))');
    expect(queries.errorRatio).toBe('1 - ((sum(rate(latency_bucket{le="1"}[1h]))) / (sum(rate(latency_count[1h]))))');
    expect(promqlSyntaxError(queries.errorRatio)).toBeNull();
  });

  it('check both queries and name the field at fault', () => {
    expect(checkSli(BAD).ok).toBe(true);
    expect(checkSli({ ...BAD, totalQuery: 'rate(x[5m])' })).toMatchObject({ ok: false, error: expect.stringMatching(/^totalQuery is neither/) });
    expect(checkSli({ type: 'good', goodQuery: 'sum(', totalQuery: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^goodQuery syntax error/) });
  });
});
