import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadLimitsConfig } from './config';

describe('loadLimitsConfig', () => {
  it('has generous defaults', () => {
    expect(loadLimitsConfig({})).toEqual(DEFAULT_LIMITS);
  });

  it('reads the variables and keeps the burst within the rate by default', () => {
    expect(loadLimitsConfig({ WEFT_RATE_LIMIT_PER_MINUTE: '10' })).toEqual({ ratePerMinute: 10, rateBurst: 10, maxBackendCallsPerRequest: 8 });
    expect(loadLimitsConfig({ WEFT_RATE_LIMIT_PER_MINUTE: '0', WEFT_MAX_BACKEND_CALLS_PER_REQUEST: '2' })).toMatchObject({ ratePerMinute: 0, maxBackendCallsPerRequest: 2 });
  });

  it('names the variable of a bad value', () => {
    expect(() => loadLimitsConfig({ WEFT_RATE_LIMIT_BURST: '0' })).toThrow(/^WEFT_RATE_LIMIT_BURST: /);
    expect(() => loadLimitsConfig({ WEFT_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/^WEFT_RATE_LIMIT_PER_MINUTE: /);
    expect(() => loadLimitsConfig({ WEFT_MAX_BACKEND_CALLS_PER_REQUEST: '0' })).toThrow(/^WEFT_MAX_BACKEND_CALLS_PER_REQUEST: /);
  });
});
