import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../src/tools/tools.js';
import { parsePromQL } from '../../src/probes/promql.js';
import { parseExposition } from '../../src/probes/exposition.js';
import { allPanels, type DashboardPanel } from '../../src/probes/grafana.js';
import { useTestImages } from '../support/environment.js';
import { stackImagesFromEnv } from '../../src/stack/images.js';
import { createApp, type App } from '../../fixtures/app/src/server.js';
import { loadConfig } from '../../fixtures/app/src/config.js';

/** Issue #3's acceptance for monitoring/, checked with the validators of the images the stack runs. */
const MONITORING = resolve('monitoring');
useTestImages();
const images = stackImagesFromEnv();

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}
const ruleFiles = readdirSync(join(MONITORING, 'alerts')).filter((f) => f.endsWith('.yml'));
const rules: Rule[] = ruleFiles.flatMap((f) =>
  (parse(readFileSync(join(MONITORING, 'alerts', f), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
);
const alerts = rules.filter((r) => r.alert);
const testFiles = readdirSync(join(MONITORING, 'alerts', 'tests')).filter((f) => f.endsWith('.yml'));

const promtool = (...args: string[]) => runTool('promtool', args, { dir: MONITORING, image: images.prometheus });
const amtool = (...args: string[]) => runTool('amtool', args, { dir: join(MONITORING, 'alertmanager'), image: images.alertmanager });
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe('monitoring/ passes its validators inside the stack images', () => {
  it('promtool check config', async () => {
    const r = await promtool('check', 'config', '/etc/prometheus/prometheus.yml');
    expect(r.exitCode, output(r)).toBe(0);
  });

  it('promtool check rules', async () => {
    const r = await promtool('check', 'rules', ...ruleFiles.map((f) => `/etc/prometheus/alerts/${f}`));
    expect(r.exitCode, output(r)).toBe(0);
  });

  it('promtool test rules', async () => {
    const r = await promtool('test', 'rules', ...testFiles.map((f) => `/etc/prometheus/alerts/tests/${f}`));
    expect(r.exitCode, output(r)).toBe(0);
  });

  it('amtool check-config', async () => {
    const r = await amtool('check-config', '/etc/alertmanager/config.yml');
    expect(r.exitCode, output(r)).toBe(0);
  });

  it('amtool config routes test: every case of routes.test.yaml', async () => {
    const { cases } = parse(readFileSync(join(MONITORING, 'alertmanager', 'routes.test.yaml'), 'utf8')) as {
      cases: { labels: Record<string, string>; receivers: string[] }[];
    };
    expect(cases.length).toBeGreaterThan(0);
    const runs = await Promise.all(
      cases.map((c) =>
        amtool(
          'config',
          'routes',
          'test',
          '--config.file=/etc/alertmanager/config.yml',
          `--verify.receivers=${c.receivers.join(',')}`,
          ...Object.entries(c.labels).map(([k, v]) => `${k}=${v}`),
        ),
      ),
    );
    const failed = runs.map((r, i) => ({ r, c: cases[i]! })).filter(({ r }) => r.exitCode !== 0);
    expect(failed.map(({ r, c }) => `${JSON.stringify(c.labels)}: ${output(r).trim()}`)).toEqual([]);
  });
});

describe('alert rules', () => {
  const tests = testFiles.map(
    (f) =>
      parse(readFileSync(join(MONITORING, 'alerts', 'tests', f), 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] },
  );
  const cases = tests.flatMap((t) => t.tests.flatMap((x) => x.alert_rule_test ?? []));

  it('every rule has a unit test that fires it and one that does not', () => {
    const missing = alerts.flatMap((a) => {
      const own = cases.filter((c) => c.alertname === a.alert);
      return [
        ...(own.some((c) => (c.exp_alerts ?? []).length > 0) ? [] : [`${a.alert}: no firing case`]),
        ...(own.some((c) => (c.exp_alerts ?? []).length === 0) ? [] : [`${a.alert}: no not-firing case`]),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('every rule has severity, summary and a runbook entry that exists', () => {
    const runbook = readFileSync(resolve('docs/runbook.md'), 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    const problems = alerts.flatMap((a) => {
      const url = a.annotations?.runbook_url ?? '';
      const anchor = url.split('#')[1] ?? '';
      return [
        ...(['critical', 'warning'].includes(a.labels?.severity ?? '') ? [] : [`${a.alert}: severity ${a.labels?.severity}`]),
        ...(a.annotations?.summary ? [] : [`${a.alert}: no summary`]),
        ...(url.startsWith('docs/runbook.md#') && anchors.has(anchor) ? [] : [`${a.alert}: runbook_url ${url} has no heading in docs/runbook.md`]),
      ];
    });
    expect(problems).toEqual([]);
  });
});

describe('dashboards and rules query only what is exposed', () => {
  let app: App;
  let exposed: Set<string>;

  beforeAll(async () => {
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'app-')), LOG_LEVEL: 'silent' }));
    const port = await app.listen();
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    // What Prometheus itself adds for every target, the notification receiver's trigger of the
    // checklist's test rule (fixtures/alert-receiver, job alert-receiver), and the application's own exposition.
    exposed = new Set([
      'up',
      'scrape_duration_seconds',
      'scrape_samples_scraped',
      'checklist_smoke_test_trigger',
      ...parseExposition(body).samples.map((s) => s.name),
    ]);
  });
  afterAll(() => app?.close());

  const dashboards = readdirSync(join(MONITORING, 'grafana', 'dashboards')).filter((f) => f.endsWith('.json'));

  it.each(dashboards)('%s: every panel query parses and names only exposed metrics', (file) => {
    const model = JSON.parse(readFileSync(join(MONITORING, 'grafana', 'dashboards', file), 'utf8')) as { panels: DashboardPanel[] };
    const problems = allPanels(model.panels).flatMap((panel) =>
      (panel.targets ?? []).flatMap((t) => {
        const q = parsePromQL(t.expr ?? '');
        return [
          ...q.errors.map((e) => `"${panel.title}": ${e}`),
          ...q.metrics.filter((m) => !exposed.has(m)).map((m) => `"${panel.title}": ${m} is not exposed`),
        ];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('alert rules name only exposed metrics', () => {
    const problems = rules.flatMap((r) =>
      parsePromQL(r.expr)
        .metrics.filter((m) => !exposed.has(m))
        .map((m) => `${r.alert ?? r.record}: ${m}`),
    );
    expect(problems).toEqual([]);
  });
});

describe("the deployment's environment (monitoring/.env.example)", () => {
  it('documents every variable the compose files and config.prod.yaml reference, secrets marked REQUIRED', () => {
    const example = readFileSync(join(MONITORING, '.env.example'), 'utf8');
    const sources = [
      ...readdirSync(MONITORING)
        .filter((f) => /^docker-compose.*\.yml$/.test(f))
        .map((f) => join(MONITORING, f)),
      resolve('config.prod.yaml'),
    ];
    const code = (f: string) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n');
    const referenced = new Set(sources.flatMap((f) => [...code(f).matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)));
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    expect([...referenced].filter((v) => !documented.has(v))).toEqual([]);
    for (const secret of ['GRAFANA_PASSWORD', 'SLACK_WEBHOOK_URL', 'REDIS_PASSWORD']) expect(example).toMatch(new RegExp(`# REQUIRED[^\\n]*\\n${secret}=\\n`));
  });
});
