import { describe, expect, it } from 'vitest';
import { formatAttainment, formatBudgetShare, formatBurnRate, formatEvents } from './format';

describe('SLO number formats', () => {
  it('show attainment with the digits that matter', () => {
    expect(formatAttainment(0.99912)).toBe('99.912 %');
    expect(formatAttainment(0.999)).toBe('99.900 %');
    expect(formatAttainment(0.95)).toBe('95.00 %');
    expect(formatAttainment(0.4)).toBe('40.0 %');
    expect(formatAttainment(null)).toBe('–');
  });

  it('show budget shares, negative when overspent', () => {
    expect(formatBudgetShare(0.624)).toBe('62.4 %');
    expect(formatBudgetShare(1)).toBe('100 %');
    expect(formatBudgetShare(-21.5)).toBe('\u22122,150 %');
    expect(formatBudgetShare(-0.05)).toBe('\u22125.0 %');
  });

  it('show burn rates as multiples and events compactly', () => {
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(0.523)).toBe('0.52×');
    expect(formatBurnRate(1234.5)).toBe('1,235×');
    expect(formatBurnRate(null)).toBe('–');
    expect(formatEvents(12)).toBe('12');
    expect(formatEvents(9999)).toBe('9,999');
    expect(formatEvents(12_345)).toBe('12.3k');
    expect(formatEvents(5_200_000)).toBe('5.2M');
  });
});
