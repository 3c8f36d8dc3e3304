import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { rulesOf } from './rules.js';
import { checkDashboard } from './dashboards.js';
import { syntaxFindings } from './metrics.js';

/** Real-world files written by others (tests/data/corpus/README.md, with their licences). */
const CORPUS = resolve('tests/data/corpus');
const ruleFiles = globSync('rules/**/*.yml', { cwd: CORPUS, absolute: true }).sort();
const dashboards = globSync('dashboards/**/*.json', { cwd: CORPUS, absolute: true }).sort();
const shown = (f: string) => relative(CORPUS, f);

describe('the real-world corpus passes the PRE-6 checks without a false alarm', () => {
  it('holds a representative set', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(20);
    expect(dashboards.length).toBeGreaterThanOrEqual(7);
  });

  it.each(ruleFiles.map((f) => [shown(f), f]))('rules %s: read, and every expression parses', (_, file) => {
    const { rules, error } = rulesOf(file);
    expect(error).toBeUndefined();
    expect(rules.length).toBeGreaterThan(0);
    expect(
      syntaxFindings(
        rules.map((r) => ({ where: `${r.group}/${r.name}`, expr: r.expr })),
        'x',
      ),
    ).toEqual([]);
  });

  it.each(dashboards.map((f) => [shown(f), f]))('dashboard %s: structure, and every panel query parses', (_, file) => {
    const check = checkDashboard(file, undefined, shown(file));
    const expected = shown(file) === 'dashboards/rfmoz/node-exporter-full-old.json' ? ['no uid'] : [];
    expect(check.findings.map((f) => f.found)).toEqual(expected);
    expect(check.queries.length).toBeGreaterThan(5);
    expect(syntaxFindings(check.queries, 'x')).toEqual([]);
  });

  it('finds the queries of nested rows and of the old `rows` schema', () => {
    const old = checkDashboard(resolve(CORPUS, 'dashboards/rfmoz/node-exporter-full-old.json'));
    const full = checkDashboard(resolve(CORPUS, 'dashboards/rfmoz/node-exporter-full.json'));
    expect(old.panels).toBeGreaterThan(100);
    expect(full.panels).toBeGreaterThan(100);
  });
});

describe('breakage seeded into the corpus is caught', () => {
  const nodeRules = resolve(CORPUS, 'rules/awesome-prometheus-alerts/host-and-hardware/node-exporter.yml');
  const pods = resolve(CORPUS, 'dashboards/dotdc/k8s-views-pods.json');

  it('a rule expression with an unclosed parenthesis', () => {
    const rules = rulesOf(nodeRules).rules.map((r, i) => ({ where: `${r.group}/${r.name}`, expr: i === 3 ? `(${r.expr}` : r.expr }));
    const findings = syntaxFindings(rules, 'x');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.where).toBe(rules[3]!.where);
  });

  it('a rule expression with a dangling operator or an unclosed selector', () => {
    const [first] = rulesOf(nodeRules).rules;
    expect(
      syntaxFindings(
        [
          { where: 'a', expr: `${first!.expr} >` },
          { where: 'b', expr: 'rate(up{job="a"[5m])' },
        ],
        'x',
      ).map((f) => f.where),
    ).toEqual(['a', 'b']);
  });

  it('a dashboard without uid, without title, or not JSON', () => {
    const model = JSON.parse(readFileSync(pods, 'utf8')) as Record<string, unknown>;
    const without = (key: string) => Object.fromEntries(Object.entries(model).filter(([k]) => k !== key));
    const [noUid, noTitle] = [without('uid'), without('title')];
    expect(checkDashboard(pods, JSON.stringify(noUid)).findings.map((f) => f.found)).toEqual(['no uid']);
    expect(checkDashboard(pods, JSON.stringify(noTitle)).findings.map((f) => f.found)).toEqual(['no title']);
    expect(checkDashboard(pods, JSON.stringify({ ...model, uid: 'has spaces in it' })).findings[0]!.found).toBe('uid "has spaces in it"');
    expect(checkDashboard(pods, readFileSync(pods, 'utf8').slice(0, 5000)).findings[0]!.found).toMatch(/^not JSON/);
  });

  it('a panel query that does not parse names its panel', () => {
    const text = readFileSync(pods, 'utf8');
    const check = checkDashboard(pods, text);
    const broken = check.queries[2]!;
    const again = checkDashboard(pods, text.replace(JSON.stringify(broken.expr), JSON.stringify(`sum(${broken.expr}`)), 'pods.json');
    const findings = syntaxFindings(again.queries, 'x');
    expect(findings.length).toBeGreaterThanOrEqual(1);
    expect(findings[0]!.where).toMatch(/^pods\.json, panel "/);
  });
});
