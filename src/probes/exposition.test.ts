import { describe, expect, it } from 'vitest';
import { familyOf, parseExposition } from './exposition.js';

describe('parseExposition', () => {
  it('reads HELP, TYPE, labels with escapes, special values and timestamps', () => {
    const text = [
      '# HELP mcp_errors_total Errors by kind.',
      '# TYPE mcp_errors_total counter',
      'mcp_errors_total{kind="store",path="a\\"b\\\\c\\nd"} 3',
      'mcp_up 1 1700000000000',
      '# TYPE mcp_latency_seconds histogram',
      'mcp_latency_seconds_bucket{le="+Inf"} 2',
      'mcp_latency_seconds_sum NaN',
      'mcp_gauge -Inf',
      'nodejs_eventloop_lag_mean_seconds Nan',
      '',
    ].join('\n');
    const e = parseExposition(text);
    expect(e.types.get('mcp_errors_total')).toBe('counter');
    expect(e.help.get('mcp_errors_total')).toBe('Errors by kind.');
    expect(e.samples[0]).toEqual({ name: 'mcp_errors_total', labels: { kind: 'store', path: 'a"b\\c\nd' }, value: 3 });
    expect(e.samples[1]).toEqual({ name: 'mcp_up', labels: {}, value: 1, timestampMs: 1700000000000 });
    expect(e.samples[2]!.labels.le).toBe('+Inf');
    expect(e.samples[3]!.value).toBeNaN();
    expect(e.samples[4]!.value).toBe(-Infinity);
    expect(e.samples[5]!.value).toBeNaN(); // prom-client's spelling; Prometheus accepts it
    expect(familyOf('mcp_latency_seconds_bucket', e.types)).toBe('mcp_latency_seconds');
  });

  it('names the line it cannot read', () => {
    expect(() => parseExposition('ok 1\nbad{le="1" 2\n')).toThrow('line 2: expected , or } after label le');
    expect(() => parseExposition('x one\n')).toThrow('line 1: value one is not a number');
    expect(() => parseExposition('{x="1"} 1\n')).toThrow('line 1: no metric name');
  });
});
