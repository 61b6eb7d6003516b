import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alertViewHref, encodeLabelsParam, labelsInclude, parseAlertName, parseLabelsParam, MAX_LABELS } from './alert-ref';

describe('alert name', () => {
  it('accepts any printable label value, including quotes, slashes and unicode', () => {
    for (const name of ['PaymentHighLatency', 'a"b\\c', '../../etc', 'Zahlung-Latenz-ü', '{{ $labels.x }}', 'x{y="z"}']) {
      expect(parseAlertName(name)).toEqual({ ok: true, value: name });
    }
  });

  it('rejects empty, blank, control characters, lone surrogates and very long names with a message', () => {
    for (const name of ['', '   ', 'a\nb', 'a\u0000b', 'a\u007f', '\ud800x', 'x'.repeat(257)]) {
      const parsed = parseAlertName(name);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/alert name/);
    }
  });
});

describe('labels parameter', () => {
  it('round-trips any label set through a URL, without alertname', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/), fc.string({ unit: 'grapheme', maxLength: 20 }).filter((v) => !/[\u0000-\u001f\u007f]/.test(v)), { maxKeys: 8 }), (labels) => {
        const href = alertViewHref('X', { ...labels, alertname: 'X' }, { fromMs: 1, toMs: 2 });
        const parsed = parseLabelsParam(new URL(href, 'http://console').searchParams.get('labels'));
        const { alertname: _ignored, ...expected } = labels;
        expect(parsed).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it('treats a missing or blank parameter as no labels', () => {
    expect(parseLabelsParam(null)).toEqual({ ok: true, value: {} });
    expect(parseLabelsParam('  ')).toEqual({ ok: true, value: {} });
  });

  it('refuses anything but a flat object of strings, saying what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['service=payment', /not JSON/],
      ['[1,2]', /JSON object/],
      ['"x"', /JSON object/],
      ['null', /JSON object/],
      ['{"a":1}', /value of "a" is not a string/],
      ['{"a":{"b":"c"}}', /value of "a" is not a string/],
      ['{"":"x"}', /label name is empty/],
      ['{"a":"x\\ny"}', /control character/],
      [JSON.stringify(Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`l${i}`, 'v']))), /at most 64 labels/],
      ['{"a":"' + 'x'.repeat(20_000) + '"}', /longer than/],
    ];
    for (const [raw, message] of cases) {
      const parsed = parseLabelsParam(raw);
      expect(parsed.ok, raw.slice(0, 40)).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    }
  });

  it('does not let __proto__ in the JSON change the object it returns', () => {
    const parsed = parseLabelsParam('{"__proto__":{"polluted":"yes"},"a":"b"}');
    expect(parsed.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const ok = parseLabelsParam('{"__proto__":"x","a":"b"}');
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(Object.getPrototypeOf(ok.value)).toBe(Object.prototype);
      expect(Object.keys(ok.value)).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(ok.value, '__proto__')?.value).toBe('x');
    }
  });

  it('encodes sorted, so the same alert always has the same address', () => {
    expect(encodeLabelsParam({ z: '1', alertname: 'A', a: '2' })).toBe('{"a":"2","z":"1"}');
  });
});

describe('labelsInclude', () => {
  it('is true when every label of the subset has the same value', () => {
    expect(labelsInclude({ a: '1', b: '2' }, { a: '1' })).toBe(true);
    expect(labelsInclude({ a: '1' }, { a: '2' })).toBe(false);
    expect(labelsInclude({ a: '1' }, { b: '1' })).toBe(false);
    expect(labelsInclude({}, {})).toBe(true);
  });
});
