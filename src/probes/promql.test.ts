import { describe, expect, it } from 'vitest';
import { parsePromQL } from './promql.js';

describe('parsePromQL', () => {
  it('finds the selected metrics, not functions, labels or Grafana variables', () => {
    const q = parsePromQL(
      'histogram_quantile(0.95, sum by (le, route) (rate(mcp_http_request_duration_seconds_bucket{job="x"}[$__rate_interval]))) / time() - max(up)',
    );
    expect(q.errors).toEqual([]);
    expect(q.metrics.sort()).toEqual(['mcp_http_request_duration_seconds_bucket', 'up']);
  });

  it('reports where a broken query fails', () => {
    expect(parsePromQL('sum(rate(x[5m])').errors.length).toBeGreaterThan(0);
  });
});

describe('Grafana variables and absent()', () => {
  it('fills in variables as durations or identifiers, and never reports them as metrics', () => {
    const q = parsePromQL('topk($n, rate(node_cpu_seconds_total{instance=~"$node:$port"}[$interval])) by ($label) offset ${shift} + [[legacy]]');
    expect(q.errors).toEqual([]);
    expect(q.metrics).toEqual(['node_cpu_seconds_total']);
  });

  it('keeps metrics named only inside absent() apart', () => {
    const q = parsePromQL('absent(up{job="a"}) or absent_over_time(gone[5m]) or up');
    expect(q.metrics).toEqual(['up']);
    expect(q.absentMetrics).toEqual(['gone']);
  });
});
