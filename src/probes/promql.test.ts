import { describe, expect, it } from 'vitest';
import { parsePromQL } from './promql.js';

describe('parsePromQL', () => {
  it('finds the selected metrics, not functions, labels or Grafana variables', () => {
    const q = parsePromQL('histogram_quantile(0.95, sum by (le, route) (rate(mcp_http_request_duration_seconds_bucket{job="x"}[$__rate_interval]))) / time() - max(up)');
    expect(q.errors).toEqual([]);
    expect(q.metrics.sort()).toEqual(['mcp_http_request_duration_seconds_bucket', 'up']);
  });

  it('reports where a broken query fails', () => {
    expect(parsePromQL('sum(rate(x[5m])').errors.length).toBeGreaterThan(0);
  });
});
