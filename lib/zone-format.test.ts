import { describe, expect, it } from 'vitest';
import { formatterPerZone, partsOf } from './zone-format';

describe('formatterPerZone', () => {
  const dateIn = formatterPerZone('en-US', { year: 'numeric', month: '2-digit', day: '2-digit' });

  it('builds one formatter per zone and reuses it', () => {
    expect(dateIn('Europe/Berlin')).toBe(dateIn('Europe/Berlin'));
    expect(dateIn('Europe/Berlin')).not.toBe(dateIn('UTC'));
    expect(dateIn('UTC').resolvedOptions().timeZone).toBe('UTC');
  });

  it('throws a RangeError for an unknown zone, every time', () => {
    expect(() => dateIn('Mars/Olympus')).toThrow(RangeError);
    expect(() => dateIn('Mars/Olympus')).toThrow(RangeError);
  });

  it('writes the instant in the zone', () => {
    // 2026-03-29 00:30 UTC is still the 28th in New York.
    const ms = Date.UTC(2026, 2, 29, 0, 30);
    expect(partsOf(dateIn('UTC'), ms)('day')).toBe('29');
    expect(partsOf(dateIn('America/New_York'), ms)('day')).toBe('28');
    expect(partsOf(dateIn('UTC'), ms)('hour')).toBe('');
  });
});
