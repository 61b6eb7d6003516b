import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isSpanId,
  isTraceId,
  normaliseSpanId,
  normaliseTraceId,
  parseTraceparent,
  spanIdFromHex,
  traceIdFromHex,
  unpaddedHex,
} from './ids';
import { readFixture, readFixtureJson } from '../../test/fixtures';

const HEX32 = 'bd5a131c670a194676bcd097a4eac415';

function hexToBase64(hex: string, urlSafe = false, padded = true): string {
  let encoded = Buffer.from(hex, 'hex').toString('base64');
  if (!padded) encoded = encoded.replace(/=+$/, '');
  return urlSafe ? encoded.replace(/\+/g, '-').replace(/\//g, '_') : encoded;
}

describe('normaliseTraceId', () => {
  it('accepts 32 hex in any case and lowers it', () => {
    expect(normaliseTraceId(HEX32)).toBe(HEX32);
    expect(normaliseTraceId(HEX32.toUpperCase())).toBe(HEX32);
    expect(normaliseTraceId('Bd5A131C670a194676bcd097a4eac415')).toBe(HEX32);
  });

  it('ignores surrounding whitespace', () => {
    expect(normaliseTraceId(`  ${HEX32}\n\t`)).toBe(HEX32);
  });

  it('left-pads a 16-hex (64-bit) id to 32, as Tempo does', () => {
    expect(normaliseTraceId('01e00fff4138673d')).toBe('000000000000000001e00fff4138673d');
    expect(normaliseTraceId('5718A62B3DDFCD87')).toBe('00000000000000005718a62b3ddfcd87');
  });

  it('decodes the base64 ids Tempo 2.0 returns from /api/traces/{id}', () => {
    // Values copied from tempo/traces_by_id_error.json and the Loki self-trace fixture.
    expect(normaliseTraceId('vVoTHGcKGUZ2vNCXpOrEFQ==')).toBe(HEX32);
    expect(normaliseTraceId('AAAAAAAAAAAB4A//QThnPQ==')).toBe('000000000000000001e00fff4138673d');
  });

  it('decodes base64 of 8 bytes as a 64-bit id', () => {
    expect(normaliseTraceId('AeAP/0E4Zz0=')).toBe('000000000000000001e00fff4138673d');
  });

  it('accepts URL-safe base64 but not unpadded base64, which would turn ordinary words into ids', () => {
    const hex = 'fbff3e0cee77ae5dc9c17ade3689eb2e';
    expect(normaliseTraceId(hexToBase64(hex, true, true))).toBe(hex);
    expect(hexToBase64(hex, true)).toMatch(/[-_]/);
    expect(normaliseTraceId(hexToBase64(hex, false, false))).toBeNull();
    expect(normaliseTraceId('not-a-trace')).toBeNull();
    expect(normaliseSpanId('not-a-span-')).toBeNull();
  });

  it('extracts the trace id of a W3C traceparent', () => {
    expect(normaliseTraceId(`00-${HEX32}-0f5e381183de2e82-01`)).toBe(HEX32);
    expect(normaliseTraceId(` 00-${HEX32.toUpperCase()}-0f5e381183de2e82-00 `)).toBe(HEX32);
  });

  it('rejects the all-zero id in every spelling', () => {
    expect(normaliseTraceId('0'.repeat(32))).toBeNull();
    expect(normaliseTraceId('0'.repeat(16))).toBeNull();
    expect(normaliseTraceId('AAAAAAAAAAAAAAAAAAAAAA==')).toBeNull();
    expect(normaliseTraceId('AAAAAAAAAAA=')).toBeNull();
    expect(normaliseTraceId(`00-${'0'.repeat(32)}-0f5e381183de2e82-01`)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['31 hex', HEX32.slice(1)],
    ['33 hex', HEX32 + 'a'],
    ['15 hex', '1e00fff4138673d'],
    ['20 hex', 'abcdefabcdefabcdefab'],
    ['non-hex 32', 'zd5a131c670a194676bcd097a4eac415'],
    ['uuid with dashes', 'bd5a131c-670a-1946-76bc-d097a4eac415'],
    ['0x prefix', '0x' + HEX32],
    ['inner whitespace', 'bd5a131c670a1946 76bcd097a4eac415'],
    ['base64 of 12 bytes', Buffer.alloc(12, 7).toString('base64')],
    ['base64 of 15 bytes', Buffer.alloc(15, 7).toString('base64')],
    ['base64 with bad padding', 'vVoTHGcKGUZ2vNCXpOrEFQ='],
    ['base64 with inner padding', 'vVoTHGcKGU=2vNCXpOrEFQ=='],
    ['traceparent version ff', `ff-${HEX32}-0f5e381183de2e82-01`],
    ['traceparent short span', `00-${HEX32}-0f5e381183de2e8-01`],
    ['traceparent zero span', `00-${HEX32}-0000000000000000-01`],
    ['traceparent v00 with extra field', `00-${HEX32}-0f5e381183de2e82-01-extra`],
    ['sql injection', `' OR 1=1 --`],
    ['logql injection', `"} |= "x`],
    ['newline smuggling', `${HEX32}\n${HEX32}`],
    ['huge input', 'a'.repeat(1_000_000)],
    ['unicode digits', '１２３４５６７８９０１２３４５６７８'],
  ])('rejects %s', (_name, input) => {
    expect(normaliseTraceId(input)).toBeNull();
  });

  it('returns null (never throws) for non-string runtime values', () => {
    for (const value of [undefined, null, 42, {}, [], true]) {
      expect(normaliseTraceId(value as unknown as string)).toBeNull();
    }
  });

  it('is idempotent and always yields a valid id or null (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (input) => {
        const id = normaliseTraceId(input);
        if (id === null) return true;
        return isTraceId(id) && normaliseTraceId(id) === id;
      }),
    );
  });

  it('round-trips every random 16-byte id through hex, upper hex and base64 (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        if (/^0+$/.test(hex)) return normaliseTraceId(hex) === null;
        return (
          normaliseTraceId(hex) === hex &&
          normaliseTraceId(hex.toUpperCase()) === hex &&
          normaliseTraceId(hexToBase64(hex)) === hex &&
          normaliseTraceId(hexToBase64(hex, true)) === hex
        );
      }),
    );
  });

  it('normalises every trace id the fixtures carry, in whichever spelling the backend used', () => {
    const sample = readFixtureJson('sample-data.json');
    expect(sample).toBeTruthy();
    const listed = readFixture('README.md').match(/`[0-9a-f]{32}`/g) ?? [];
    expect(listed).toHaveLength(8);
    for (const quoted of listed) {
      const hex = quoted.slice(1, -1);
      expect(normaliseTraceId(hex)).toBe(hex);
      expect(normaliseTraceId(hexToBase64(hex))).toBe(hex);
    }
  });
});

describe('traceIdFromHex / spanIdFromHex', () => {
  it('pads hex that lost its leading zeros (Tempo search results, Jaeger %x)', () => {
    expect(traceIdFromHex('82f4fce62c06ad6')).toBe('0000000000000000082f4fce62c06ad6');
    expect(traceIdFromHex('4feb3750e19939')).toBe('0'.repeat(18) + '4feb3750e19939');
    expect(spanIdFromHex('5993b0de8417dcb')).toBe('05993b0de8417dcb');
  });

  it('rejects empty, too long, non-hex and zero', () => {
    expect(traceIdFromHex('')).toBeNull();
    expect(traceIdFromHex('a'.repeat(33))).toBeNull();
    expect(traceIdFromHex('xyz')).toBeNull();
    expect(traceIdFromHex('000')).toBeNull();
    expect(spanIdFromHex('a'.repeat(17))).toBeNull();
    expect(spanIdFromHex('0')).toBeNull();
  });
});

describe('normaliseSpanId', () => {
  it('accepts 16 hex in any case and base64 of 8 bytes', () => {
    expect(normaliseSpanId('0F5E381183DE2E82')).toBe('0f5e381183de2e82');
    expect(normaliseSpanId(' 0f5e381183de2e82 ')).toBe('0f5e381183de2e82');
    // tempo/traces_by_id_error.json: "spanId":"D144EYPeLoI=" is 0f5e381183de2e82 (the frontend span).
    expect(normaliseSpanId('D144EYPeLoI=')).toBe('0f5e381183de2e82');
    expect(normaliseSpanId('D144EYPeLoI')).toBeNull(); // unpadded: not accepted
  });

  it.each([
    ['empty', ''],
    ['zero', '0000000000000000'],
    ['zero base64', 'AAAAAAAAAAA='],
    ['15 hex', '0f5e381183de2e8'],
    ['32 hex', HEX32],
    ['base64 of 16 bytes', 'vVoTHGcKGUZ2vNCXpOrEFQ=='],
    ['non-hex', 'g000000000000000'],
  ])('rejects %s', (_name, input) => {
    expect(normaliseSpanId(input)).toBeNull();
  });

  it('yields a valid span id or null for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const id = normaliseSpanId(input);
        return id === null || (isSpanId(id) && normaliseSpanId(id) === id);
      }),
    );
  });
});

describe('parseTraceparent', () => {
  it('parses the four fields and the sampled flag', () => {
    expect(parseTraceparent(`00-${HEX32}-0f5e381183de2e82-01`)).toEqual({
      version: 0,
      traceId: HEX32,
      spanId: '0f5e381183de2e82',
      flags: 1,
      sampled: true,
    });
    expect(parseTraceparent(`00-${HEX32}-0f5e381183de2e82-00`)?.sampled).toBe(false);
  });

  it('accepts extra fields only for versions above 00 (forward compatibility)', () => {
    expect(parseTraceparent(`01-${HEX32}-0f5e381183de2e82-03-future`)?.flags).toBe(3);
    expect(parseTraceparent(`00-${HEX32}-0f5e381183de2e82-01-future`)).toBeNull();
  });

  it('rejects malformed headers', () => {
    expect(parseTraceparent('')).toBeNull();
    expect(parseTraceparent(`0-${HEX32}-0f5e381183de2e82-01`)).toBeNull();
    expect(parseTraceparent(`00-${HEX32}-0f5e381183de2e82`)).toBeNull();
    expect(parseTraceparent(`00_${HEX32}_0f5e381183de2e82_01`)).toBeNull();
    expect(parseTraceparent(`ff-${HEX32}-0f5e381183de2e82-01`)).toBeNull();
  });
});

describe('isTraceId / isSpanId / unpaddedHex', () => {
  it('accepts only the normalised form', () => {
    expect(isTraceId(HEX32)).toBe(true);
    expect(isTraceId(HEX32.toUpperCase())).toBe(false);
    expect(isTraceId('0'.repeat(32))).toBe(false);
    expect(isSpanId('0f5e381183de2e82')).toBe(true);
    expect(isSpanId('0F5E381183DE2E82')).toBe(false);
  });

  it('strips leading zeros the way Jaeger prints ids', () => {
    const id = traceIdFromHex('01e00fff4138673d');
    expect(id).not.toBeNull();
    expect(unpaddedHex(id!)).toBe('1e00fff4138673d');
    expect(unpaddedHex(normaliseTraceId(HEX32)!)).toBe(HEX32);
  });
});
