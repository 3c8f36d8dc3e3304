import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredJobs, durationMs, servedConfigFinding } from './prometheus-config.js';

const tree = (yaml: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'tree-'));
  writeFileSync(join(dir, 'prometheus.yml'), yaml);
  return dir;
};

const TREE = `
global: { scrape_interval: 5s, evaluation_interval: 5s }
rule_files: [alerts/*.yml]
alerting: { alertmanagers: [ { static_configs: [ { targets: [alertmanager:9093] } ] } ] }
scrape_configs:
  - job_name: app
    static_configs: [ { targets: [app:8080] } ]
`;
// What Prometheus serves for TREE: defaults filled in, rule files resolved against the config's directory.
const SERVED = `
global: { scrape_interval: 5s, scrape_timeout: 5s, evaluation_interval: 5s }
rule_files: [/etc/prometheus/alerts/*.yml]
alerting: { alertmanagers: [ { scheme: http, timeout: 10s, static_configs: [ { targets: [alertmanager:9093] } ] } ] }
scrape_configs:
  - job_name: app
    honor_timestamps: true
    scrape_interval: 5s
    scrape_timeout: 5s
    metrics_path: /metrics
    scheme: http
    static_configs: [ { targets: [app:8080] } ]
`;

describe('served configuration against the tree', () => {
  it('parses Prometheus durations', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('5 seconds')).toBeNaN();
  });

  it('finds no difference where Prometheus only filled in defaults', () => {
    expect(servedConfigFinding(SERVED, tree(TREE), 'served').differences).toEqual([]);
  });

  it('names each difference: a job interval, a relabel rule, a job only served', () => {
    const drifted = TREE.replace(
      '  - job_name: app\n',
      '  - job_name: app\n    scrape_interval: 30s\n    metric_relabel_configs: [ { source_labels: [__name__], regex: "mcp_.*", action: drop } ]\n',
    );
    const served = `${SERVED}  - job_name: extra\n    static_configs: [ { targets: [x:1] } ]\n`;
    const { differences, finding } = servedConfigFinding(served, tree(drifted), 'served');
    expect(differences).toEqual([
      'job app scrape_interval: 30s in the tree, 5s served',
      'job app metric_relabel_configs: drop __name__ mcp_.* in the tree, (none) served',
      'job extra: served but not in the tree',
    ]);
    expect(finding?.hint).toMatch(/reload/);
  });

  it('does not require Prometheus to scrape itself', () => {
    expect(configuredJobs(TREE)).toEqual(['app']);
  });
});
