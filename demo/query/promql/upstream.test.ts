// Cases ported from Prometheus' own test data (promql/testdata/functions.test and histograms.test of the
// 2.x line, whose closed range windows the default 'prometheus-2' semantics follow), with their expected
// values unchanged.
import { describe, expect, it } from 'vitest';
import { InMemoryMetricStore } from '../testing/in-memory-stores';
import { loadSeries } from '../testing/promql-load';
import { formatLabels } from '../shared/labels';
import { evaluateInstant, type PromqlOptions } from './index';

function instant(store: InMemoryMetricStore, query: string, minutes: number, options?: PromqlOptions): Record<string, number> {
  const result = evaluateInstant(query, minutes * 60_000, store, options);
  if (result.resultType !== 'vector') throw new Error(`expected a vector, got ${result.resultType}`);
  return Object.fromEntries(result.result.map((s) => [formatLabels(s.labels), s.value[1]]));
}

function expectValues(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [labels, value] of Object.entries(expected)) {
    if (Number.isNaN(value)) expect(actual[labels], labels).toBeNaN();
    else expect(actual[labels], labels).toBeCloseTo(value, 9);
  }
}

describe('increase / rate / irate (functions.test)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        http_requests{path="/foo"} 0+10x10
        http_requests{path="/bar"} 0+10x5 0+10x5
    `),
  );

  it('increase over the whole range, with a counter reset', () => {
    expectValues(instant(store, 'increase(http_requests[50m])', 50), { '{path="/foo"}': 100, '{path="/bar"}': 90 });
  });

  it('increase does not extrapolate below zero when the range starts before the data', () => {
    expectValues(instant(store, 'increase(http_requests[100m])', 50), { '{path="/foo"}': 100, '{path="/bar"}': 90 });
  });

  it('irate takes the last two samples and handles a reset', () => {
    expectValues(instant(store, 'irate(http_requests[50m])', 50), {
      '{path="/foo"}': 0.03333333333333333,
      '{path="/bar"}': 0.03333333333333333,
    });
    expectValues(instant(store, 'irate(http_requests[50m])', 30), { '{path="/foo"}': 0.03333333333333333, '{path="/bar"}': 0 });
  });

  it('counts a decrease as a reset to zero', () => {
    const reset = new InMemoryMetricStore(loadSeries(`load 5m\n http_requests{path="/foo"} 0 1 2 3 2 3 4`));
    expectValues(instant(reset, 'increase(http_requests[30m])', 30), { '{path="/foo"}': 7 });
  });
});

describe('rate, deriv, predict_linear (functions.test)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        testcounter_reset_middle 0+10x4 0+10x5
        http_requests{job="app-server", instance="1", group="canary"} 0+80x10
    `),
  );

  it('rate equals deriv on a straight line', () => {
    const selector = 'http_requests{group="canary", instance="1", job="app-server"}';
    const expected = { '{group="canary", instance="1", job="app-server"}': 0.26666666666666666 };
    expectValues(instant(store, `rate(${selector}[50m])`, 50), expected);
    expectValues(instant(store, `deriv(${selector}[50m])`, 50), expected);
  });

  it('deriv and predict_linear by least squares', () => {
    expectValues(instant(store, 'deriv(testcounter_reset_middle[100m])', 50), { '{}': 0.010606060606060607 });
    expectValues(instant(store, 'predict_linear(testcounter_reset_middle[100m], 3600)', 50), { '{}': 76.81818181818181 });
  });

  it('predict_linear is sugar around deriv when a sample sits on the end of the range', () => {
    const q = 'predict_linear(http_requests[50m], 3600) - (http_requests + deriv(http_requests[50m]) * 3600)';
    expectValues(instant(store, q, 50), { '{group="canary", instance="1", job="app-server"}': 0 });
  });
});

describe('rate extrapolation to the zero point (functions.test, load 4m)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 4m
        testcounter_zero_cutoff_total{start="0m"} 0+240x10
        testcounter_zero_cutoff_total{start="1m"} 60+240x10
        testcounter_zero_cutoff_total{start="2m"} 120+240x10
        testcounter_zero_cutoff_total{start="3m"} 180+240x10
        testcounter_zero_cutoff_total{start="4m"} 240+240x10
        testcounter_zero_cutoff_total{start="5m"} 300+240x10
    `),
  );

  it('prometheus-3 order: half an interval, then the zero point (promqltest/testdata)', () => {
    expectValues(instant(store, 'rate(testcounter_zero_cutoff_total[20m])', 10, { semantics: 'prometheus-3' }), {
      '{start="0m"}': 0.5,
      '{start="1m"}': 0.55,
      '{start="2m"}': 0.6,
      '{start="3m"}': 0.6,
      '{start="4m"}': 0.6,
      '{start="5m"}': 0.6,
    });
    const late = instant(store, 'rate(testcounter_zero_cutoff_total[20m])', 50, { semantics: 'prometheus-3' });
    for (const value of Object.values(late)) expect(value).toBeCloseTo(0.6, 9);
  });

  it('prometheus-2 order: the zero point first, then the 1.1 interval threshold', () => {
    // start=3m: the zero point lies 180 s before the first sample (< 1.1 × 240 s), so 2.x extrapolates all
    // of it: 480 × (480 + 180 + 120) / 480 / 1200 = 0.65; start=4m: 240 s -> 0.7; start=5m: 300 s is past the
    // threshold -> half an interval (0.6). 3.x stops at half an interval (0.6) in all three cases.
    expectValues(instant(store, 'rate(testcounter_zero_cutoff_total[20m])', 10), {
      '{start="0m"}': 0.5,
      '{start="1m"}': 0.55,
      '{start="2m"}': 0.6,
      '{start="3m"}': 0.65,
      '{start="4m"}': 0.7,
      '{start="5m"}': 0.6,
    });
  });
});

describe('increase with left-open windows (promqltest/testdata, prometheus-3)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        http_requests_total{path="/foo"} 0+10x10
        http_requests_total{path="/bar"} 0+18x5 0+18x5
        http_requests_total{path="/dings"} 10+10x10
        http_requests_total{path="/bumms"} 1+10x10
    `),
  );
  const v3: PromqlOptions = { semantics: 'prometheus-3' };

  it('extrapolates the first sample that the open window leaves out', () => {
    expectValues(instant(store, 'increase(http_requests_total[50m])', 50, v3), {
      '{path="/foo"}': 100,
      '{path="/bar"}': 160,
      '{path="/dings"}': 100,
      '{path="/bumms"}': 100,
    });
  });

  it('stops extrapolation at the zero point', () => {
    expectValues(instant(store, 'increase(http_requests_total[100m])', 50, v3), {
      '{path="/foo"}': 100,
      '{path="/bar"}': 162,
      '{path="/dings"}': 105,
      '{path="/bumms"}': 101,
    });
  });

  it('includes the sample on the window start in prometheus-2 mode', () => {
    expectValues(instant(store, 'increase(http_requests_total[50m])', 50), {
      '{path="/foo"}': 100,
      '{path="/bar"}': 162,
      '{path="/dings"}': 100,
      '{path="/bumms"}': 100,
    });
  });
});

describe('resets and changes (functions.test)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        http_requests{path="/foo"} 1 2 3 0 1 0 0 1 2 0
        http_requests{path="/bar"} 1 2 3 4 5 1 2 3 4 5
        http_requests{path="/biz"} 0 0 0 0 0 1 1 1 1 1
    `),
  );

  it('resets', () => {
    expectValues(instant(store, 'resets(http_requests[20m])', 50), { '{path="/foo"}': 1, '{path="/bar"}': 0, '{path="/biz"}': 0 });
    expectValues(instant(store, 'resets(http_requests[50m])', 50), { '{path="/foo"}': 3, '{path="/bar"}': 1, '{path="/biz"}': 0 });
  });

  it('changes', () => {
    expectValues(instant(store, 'changes(http_requests[30m])', 50), { '{path="/foo"}': 4, '{path="/bar"}': 5, '{path="/biz"}': 1 });
    expectValues(instant(store, 'changes((http_requests[50m]))', 50), { '{path="/foo"}': 8, '{path="/bar"}': 9, '{path="/biz"}': 1 });
  });
});

describe('label_replace and clamp (functions.test)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        testmetric{src="source-value-10",dst="original-destination-value"} 0
        testmetric{src="source-value-20",dst="original-destination-value"} 1
        test_clamp{src="clamp-a"} -50
        test_clamp{src="clamp-b"} 0
        test_clamp{src="clamp-c"} 100
    `),
  );

  it('does a full-string match and replace', () => {
    expectValues(instant(store, 'label_replace(testmetric, "dst", "destination-value-$1", "src", "source-value-(.*)")', 0), {
      '{__name__="testmetric", dst="destination-value-10", src="source-value-10"}': 0,
      '{__name__="testmetric", dst="destination-value-20", src="source-value-20"}': 1,
    });
    expectValues(instant(store, 'label_replace(testmetric, "dst", "destination-value-$1", "src", "value-(.*)")', 0), {
      '{__name__="testmetric", dst="original-destination-value", src="source-value-10"}': 0,
      '{__name__="testmetric", dst="original-destination-value", src="source-value-20"}': 1,
    });
  });

  it('drops labels set to empty and fails on duplicates', () => {
    expectValues(instant(store, 'label_replace(testmetric, "dst", "", "dst", ".*")', 0), {
      '{__name__="testmetric", src="source-value-10"}': 0,
      '{__name__="testmetric", src="source-value-20"}': 1,
    });
    expect(() => instant(store, 'label_replace(testmetric, "src", "", "", "")', 0)).toThrow(/same labelset/);
    expect(() => instant(store, 'label_replace(testmetric, "dst", "value-$1", "src", "(.*")', 0)).toThrow(/regular expression/);
    expect(() => instant(store, 'label_replace(testmetric, "invalid-label-name", "", "src", "(.*)")', 0)).toThrow(/invalid destination/);
  });

  it('clamp_min and clamp_max', () => {
    expectValues(instant(store, 'clamp_max(clamp_min(test_clamp, -20), 70)', 0), {
      '{src="clamp-a"}': -20,
      '{src="clamp-b"}': 0,
      '{src="clamp-c"}': 70,
    });
  });
});

describe('histogram_quantile (histograms.test)', () => {
  const store = new InMemoryMetricStore(
    loadSeries(`
      load 5m
        testhistogram_bucket{le="0.1", start="positive"} 0+5x10
        testhistogram_bucket{le=".2", start="positive"} 0+7x10
        testhistogram_bucket{le="1e0", start="positive"} 0+11x10
        testhistogram_bucket{le="+Inf", start="positive"} 0+12x10
        testhistogram_bucket{le="-.2", start="negative"} 0+1x10
        testhistogram_bucket{le="-0.1", start="negative"} 0+2x10
        testhistogram_bucket{le="0.3", start="negative"} 0+2x10
        testhistogram_bucket{le="+Inf", start="negative"} 0+3x10
        request_duration_seconds_bucket{job="job1", instance="ins1", le="0.1"} 0+1x10
        request_duration_seconds_bucket{job="job1", instance="ins1", le="0.2"} 0+3x10
        request_duration_seconds_bucket{job="job1", instance="ins1", le="+Inf"} 0+4x10
        request_duration_seconds_bucket{job="job1", instance="ins2", le="0.1"} 0+2x10
        request_duration_seconds_bucket{job="job1", instance="ins2", le="0.2"} 0+5x10
        request_duration_seconds_bucket{job="job1", instance="ins2", le="+Inf"} 0+6x10
        request_duration_seconds_bucket{job="job2", instance="ins1", le="0.1"} 0+3x10
        request_duration_seconds_bucket{job="job2", instance="ins1", le="0.2"} 0+4x10
        request_duration_seconds_bucket{job="job2", instance="ins1", le="+Inf"} 0+6x10
        request_duration_seconds_bucket{job="job2", instance="ins2", le="0.1"} 0+4x10
        request_duration_seconds_bucket{job="job2", instance="ins2", le="0.2"} 0+7x10
        request_duration_seconds_bucket{job="job2", instance="ins2", le="+Inf"} 0+9x10
        nonmonotonic_bucket{le="0.1"} 0+2x10
        nonmonotonic_bucket{le="1"} 0+1x10
        nonmonotonic_bucket{le="10"} 0+5x10
        nonmonotonic_bucket{le="100"} 0+4x10
        nonmonotonic_bucket{le="1000"} 0+9x10
        nonmonotonic_bucket{le="+Inf"} 0+8x10
    `),
  );

  it('quantiles outside [0, 1] and in the lowest and highest buckets', () => {
    expectValues(instant(store, 'histogram_quantile(-0.1, testhistogram_bucket)', 50), {
      '{start="positive"}': Number.NEGATIVE_INFINITY,
      '{start="negative"}': Number.NEGATIVE_INFINITY,
    });
    expectValues(instant(store, 'histogram_quantile(1.01, testhistogram_bucket)', 50), {
      '{start="positive"}': Number.POSITIVE_INFINITY,
      '{start="negative"}': Number.POSITIVE_INFINITY,
    });
    expectValues(instant(store, 'histogram_quantile(0, testhistogram_bucket{start="negative"})', 50), { '{start="negative"}': -0.2 });
    expectValues(instant(store, 'histogram_quantile(1, testhistogram_bucket)', 50), { '{start="positive"}': 1, '{start="negative"}': 0.3 });
  });

  it('interpolates inside buckets, also over rates', () => {
    for (const q of ['testhistogram_bucket', 'rate(testhistogram_bucket[5m])']) {
      expectValues(instant(store, `histogram_quantile(0.2, ${q})`, 50), { '{start="positive"}': 0.048, '{start="negative"}': -0.2 });
      expectValues(instant(store, `histogram_quantile(0.5, ${q})`, 50), { '{start="positive"}': 0.15, '{start="negative"}': -0.15 });
      expectValues(instant(store, `histogram_quantile(0.8, ${q})`, 50), { '{start="positive"}': 0.72, '{start="negative"}': 0.3 });
    }
  });

  it('aggregated histograms', () => {
    expectValues(instant(store, 'histogram_quantile(0.3, sum(rate(request_duration_seconds_bucket[5m])) by (le))', 50), { '{}': 0.075 });
    expectValues(instant(store, 'histogram_quantile(0.5, avg(rate(request_duration_seconds_bucket[5m])) by (le))', 50), {
      '{}': 0.12777777777777778,
    });
    expectValues(instant(store, 'histogram_quantile(0.5, sum(rate(request_duration_seconds_bucket[5m])) by (le, job))', 50), {
      '{job="job1"}': 0.14,
      '{job="job2"}': 0.1125,
    });
    expectValues(instant(store, 'histogram_quantile(0.5, rate(request_duration_seconds_bucket[5m]))', 50), {
      '{instance="ins1", job="job1"}': 0.15,
      '{instance="ins2", job="job1"}': 0.13333333333333333,
      '{instance="ins1", job="job2"}': 0.1,
      '{instance="ins2", job="job2"}': 0.11666666666666667,
    });
  });

  it('forces bucket counts monotonic (promqltest histograms.test)', () => {
    expectValues(instant(store, 'histogram_quantile(0.01, nonmonotonic_bucket)', 50), { '{}': 0.0045 });
    expectValues(instant(store, 'histogram_quantile(0.5, nonmonotonic_bucket)', 50), { '{}': 8.5 });
    expectValues(instant(store, 'histogram_quantile(0.99, nonmonotonic_bucket)', 50), { '{}': 979.75 });
  });
});
