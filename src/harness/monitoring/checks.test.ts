import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unresolvedFindings } from './metrics.js';
import { ruleFilesOf, rulesOf, ruleTestFiles, untestedRules } from './rules.js';
import { versionControlFindings } from './dashboards.js';
import { routingFindings, withSeedCases, type RoutedCase } from './routing.js';

const dir = mkdtempSync(join(tmpdir(), 'h9a-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('metric names', () => {
  const offered = new Set(['up', 'app_requests_total', 'app_latency_seconds_bucket']);
  it('accepts exposed and recorded names, absent() arguments and ALERTS', () => {
    const queries = [
      { where: 'a', expr: 'rate(app_requests_total[5m]) > job:app_requests:rate5m' },
      { where: 'b', expr: 'absent(app_gone_total) or ALERTS{alertstate="firing"}' },
    ];
    expect(unresolvedFindings(queries, offered, new Set(['job:app_requests:rate5m']))).toEqual([]);
  });
  it('names the missing metric, the near miss and what the target offers', () => {
    const [f] = unresolvedFindings([{ where: 'rule X', expr: 'rate(app_request_total[5m])' }], offered, new Set());
    expect(f!.found).toMatch(
      /app_request_total nowhere among the 3 metrics.*did you mean app_requests_total\?.*same prefix: app_latency_seconds_bucket, app_requests_total/,
    );
    expect(f!.where).toBe('rule X');
  });
});

describe('rule files and their tests', () => {
  mkdirSync(join(dir, 'rules/tests'), { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), 'rule_files: [rules/*.yml, /etc/prometheus/extra.yml, missing/*.yml]\n');
  writeFileSync(join(dir, 'extra.yml'), 'groups: [{name: g2, rules: [{record: "job:x:sum", expr: sum(x)}]}]\n');
  writeFileSync(join(dir, 'rules/a.yml'), 'groups: [{name: g, rules: [{alert: A, expr: up == 0}, {alert: B, expr: up == 2}]}]\n');
  writeFileSync(
    join(dir, 'rules/tests/a.test.yml'),
    'rule_files: [../a.yml]\ntests: [{alert_rule_test: [{alertname: A}], promql_expr_test: [{expr: "job:x:sum"}]}]\n',
  );

  it('resolves rule_files like Prometheus: relative globs, the mount point, globs matching nothing', () => {
    const { patterns } = ruleFilesOf(join(dir, 'prometheus.yml'), dir);
    expect(patterns.map((p) => [p.pattern, p.files.length])).toEqual([
      ['rules/*.yml', 1],
      ['/etc/prometheus/extra.yml', 1],
      ['missing/*.yml', 0],
    ]);
  });

  it('finds rule tests by content and lists the rules no test exercises', () => {
    const tests = ruleTestFiles(dir);
    expect(tests.map((t) => t.file)).toEqual([join(dir, 'rules/tests/a.test.yml')]);
    const rules = [...rulesOf(join(dir, 'rules/a.yml')).rules, ...rulesOf(join(dir, 'extra.yml')).rules];
    expect(untestedRules(rules, tests, dir)).toEqual(['alert B (rules/a.yml)']);
  });
});

describe('dashboards under version control', () => {
  it('reports untracked, ignored and modified files, and nothing for committed ones', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'd'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    for (const f of ['ok', 'edited']) writeFileSync(join(repo, 'd', `${f}.json`), '{}');
    writeFileSync(join(repo, '.gitignore'), 'd/ignored.json\n');
    git('add', '-A');
    git('commit', '-qm', 'x');
    writeFileSync(join(repo, 'd/edited.json'), '{"a":1}');
    writeFileSync(join(repo, 'd/new.json'), '{}');
    writeFileSync(join(repo, 'd/ignored.json'), '{}');
    const files = ['ok', 'edited', 'new', 'ignored'].map((f) => join(repo, 'd', `${f}.json`));
    expect(versionControlFindings(join(repo, 'd'), files).map((f) => f.found)).toEqual([
      'd/edited.json is modified against HEAD',
      'd/new.json is untracked',
      'd/ignored.json is ignored by .gitignore, so not tracked',
    ]);
  });
});

describe('routing cases', () => {
  it('adds the seed channel cases only for severities the file gives no channel for', () => {
    const cases = withSeedCases([{ labels: { severity: 'critical' }, channel: '#pager', source: 'f' }]);
    expect(cases.map((c) => c.channel)).toEqual(['#pager', '#mcp-alerts']);
  });
  it('fails a case routed to other receivers, or to a receiver posting elsewhere', () => {
    const routed: RoutedCase[] = [
      { labels: { severity: 'critical' }, receivers: ['a', 'crit'], channel: '#mcp-critical', got: ['a', 'warn'], command: '', source: 's' },
    ];
    const findings = routingFindings(
      routed,
      new Map([
        ['crit', ['#mcp-critical']],
        ['warn', ['#mcp-alerts']],
      ]),
      'cfg',
    );
    expect(findings.map((f) => f.found)).toEqual(['routed to a, warn', 'routed to a, warn, which post to #mcp-alerts']);
  });
});
