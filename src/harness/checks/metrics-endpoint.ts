import type { Finding } from '../../registry/errors.js';
import type { HttpExchange } from '../../probes/http.js';
import type { Exposition } from '../../probes/exposition.js';

/** The exposition formats Prometheus accepts (text 0.0.4 and OpenMetrics); Prometheus 3 fails a scrape without one. */
const EXPOSITION_TYPE = /^(text\/plain|application\/openmetrics-text)\b/;

/** The application's metrics endpoint answers 200, with an exposition content type and samples. */
export function metricsEndpointFindings(metrics: { res: HttpExchange; exposition: Exposition }): Finding[] {
  const { res, exposition } = metrics;
  if (res.status !== 200) return [{ expected: 'the metrics endpoint to answer 200', found: `${res.status} ${res.body.slice(0, 120)}`, where: res.url }];
  const contentType = res.headers['content-type'] ?? '';
  const findings: Finding[] = [];
  if (!EXPOSITION_TYPE.test(contentType)) {
    findings.push({
      expected: 'a Prometheus exposition Content-Type (text/plain; version=0.0.4 or application/openmetrics-text)',
      found: contentType ? `"${contentType}"` : 'no Content-Type (Prometheus 3 fails such scrapes)',
      where: res.url,
      hint: 'serve /metrics with the content type of the Prometheus client library (register.contentType)',
    });
  }
  if (exposition.samples.length === 0) findings.push({ expected: 'samples on the metrics endpoint', found: 'an empty exposition', where: res.url });
  return findings;
}
