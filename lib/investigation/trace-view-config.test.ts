import { describe, expect, it } from 'vitest';
import { readTraceViewConfig } from './trace-view-config';

describe('readTraceViewConfig', () => {
  it('uses defaults, takes valid values and reports bad ones', () => {
    expect(readTraceViewConfig({}).config).toEqual({ logPadMs: 120_000, logLimit: 2_000, maxParallelRangeMs: 3_600_000, profileMaxNodes: 4096, contextPoints: 120 });
    const { config, problems } = readTraceViewConfig({ WEFT_LOG_PAD_MS: '5000', WEFT_LOG_LIMIT: '-3', WEFT_PROFILE_MAX_NODES: '1e4' });
    expect(config.logPadMs).toBe(5000);
    expect(config.logLimit).toBe(2_000);
    expect(config.profileMaxNodes).toBe(4096);
    expect(problems.map((p) => p.env)).toEqual(['WEFT_LOG_LIMIT', 'WEFT_PROFILE_MAX_NODES']);
    expect(problems[0].message).toBe('WEFT_LOG_LIMIT="-3" is not a whole number between 1 and 100000; using 2000');
  });
});
