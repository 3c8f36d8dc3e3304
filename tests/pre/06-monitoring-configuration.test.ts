// Seed section: 6. Monitoring Configuration (CRITICAL).
import { dirname, join, relative } from 'node:path';
import { item } from '../../src/harness/vitest.js';
import { check, checkAll, type Finding } from '../../src/registry/errors.js';
import { MONITORING_LAYOUT } from '../../src/stack/reference-stack.js';
import { PROMETHEUS_MOUNT, ruleFilesOf, rulesOf, ruleTestFiles, untestedRules } from '../../src/harness/monitoring/rules.js';
import { inContainer, readYaml, resolveGlobs } from '../../src/harness/monitoring/tree.js';
import { metricFindings, syntaxFindings } from '../../src/harness/monitoring/metrics.js';
import { checkDashboard, dashboardFiles, duplicateUidFindings, versionControlFindings } from '../../src/harness/monitoring/dashboards.js';
import { toolCheck } from '../../src/harness/monitoring/promtool.js';
import type { Target } from '../../src/deployment/target.js';

item('PRE-6.1', async ({ target, evidence }) => {
  const { finding } = await toolCheck('promtool', ['check', 'config', `${PROMETHEUS_MOUNT}/${MONITORING_LAYOUT.prometheusConfig}`], {
    dir: target.monitoringDir,
    image: target.toolImages.prometheus,
    evidence,
    title: 'promtool check config',
    expected: 'promtool check config to accept prometheus.yml (exit 0)',
    where: join(target.monitoringDir, MONITORING_LAYOUT.prometheusConfig),
    hint: 'fix the line promtool names, then run the same command locally',
  });
  checkAll([finding]);
});

/** Every rule of the files prometheus.yml names, with the findings about resolving them. */
function rulesOfTree(target: Target) {
  const configFile = join(target.monitoringDir, MONITORING_LAYOUT.prometheusConfig);
  const mount = { treeDir: target.monitoringDir, mountAt: PROMETHEUS_MOUNT };
  const { patterns, error } = ruleFilesOf(configFile, target.monitoringDir);
  const files = [...new Set(patterns.flatMap((p) => p.files))];
  const outside = files.filter((f) => !inContainer(f, mount));
  const loaded = files.map((f) => ({ file: f, ...rulesOf(f) }));
  return { configFile, mount, patterns, files, outside, rules: loaded.flatMap((l) => l.rules), error };
}

item('PRE-6.2', async ({ target, prometheus, evidence }) => {
  const tree = rulesOfTree(target);
  const shown = (f: string) => relative(target.monitoringDir, f);
  await evidence.json('rule files named by prometheus.yml', {
    patterns: tree.patterns.map((p) => ({ pattern: p.pattern, files: p.files.map(shown) })),
    rules: tree.rules.length,
  });
  check(!tree.error && tree.files.length > 0, {
    expected: 'prometheus.yml to name at least one rule file (rule_files) that exists',
    found: tree.error ?? (tree.patterns.length ? `rule_files ${tree.patterns.map((p) => p.pattern).join(', ')} match no file` : 'no rule_files'),
    where: tree.configFile,
    hint: 'list the alert rule files under rule_files, relative to prometheus.yml',
  });
  const tests = ruleTestFiles(target.monitoringDir);
  const inTree = (files: string[]) => files.map((f) => inContainer(f, tree.mount)).filter((f): f is string => Boolean(f));
  const image = target.toolImages.prometheus;
  const [checked, tested] = await Promise.all([
    toolCheck('promtool', ['check', 'rules', ...inTree(tree.files)], {
      dir: target.monitoringDir,
      image,
      evidence,
      title: 'promtool check rules',
      expected: 'promtool check rules to accept every rule file (exit 0)',
      where: tree.files.map(shown).join(', '),
      hint: 'fix the rule promtool names, then run `promtool check rules <file>` locally',
    }),
    tests.length
      ? toolCheck('promtool', ['test', 'rules', ...inTree(tests.map((t) => t.file))], {
          dir: target.monitoringDir,
          image,
          evidence,
          title: 'promtool test rules',
          expected: 'every rule unit test to pass (promtool test rules, exit 0)',
          where: tests.map((t) => shown(t.file)).join(', '),
          hint: 'the test names the alert and the labels it expected and got: fix the rule or the test',
        })
      : Promise.resolve(undefined),
  ]);
  const untested = untestedRules(tree.rules, tests, target.monitoringDir);
  await evidence.json('rule unit tests', { testFiles: tests.map((t) => shown(t.file)), rulesWithoutATest: untested });
  const queries = tree.rules.map((r) => ({
    where: `${shown(r.file)}, group ${r.group}, ${r.kind === 'alerting' ? 'alert' : 'record'} ${r.name}`,
    expr: r.expr,
  }));
  const recorded = new Set(tree.rules.filter((r) => r.kind === 'recording').map((r) => r.name));
  checkAll(
    await metricFindings(prometheus, queries, recorded, [
      ...tree.outside.map((f): Finding => ({
        expected: 'rule files inside the monitoring tree, so that promtool checks them',
        found: `${f} outside ${target.monitoringDir}`,
        where: tree.configFile,
        hint: 'keep the rule files under the monitoring directory',
      })),
      checked.finding,
      tested?.finding,
      ...syntaxFindings(queries, "fix the expression (Prometheus' UI shows the same parse error)"),
    ]),
  );
});

item('PRE-6.3', async ({ target, evidence }) => {
  const configFile = join(target.monitoringDir, MONITORING_LAYOUT.alertmanagerConfig);
  const mount = { treeDir: dirname(configFile), mountAt: '/etc/alertmanager' };
  const { data, error } = readYaml(configFile);
  const templatePatterns = ((data as { templates?: unknown } | null)?.templates ?? []) as unknown[];
  const templates = resolveGlobs(
    templatePatterns.filter((p): p is string => typeof p === 'string'),
    configFile,
    mount,
  );
  await evidence.json(
    'templates named by the Alertmanager configuration',
    templates.map((t) => ({ pattern: t.pattern, files: t.files.map((f) => relative(mount.treeDir, f)) })),
  );
  const { finding } = await toolCheck('amtool', ['check-config', inContainer(configFile, mount)!], {
    dir: mount.treeDir,
    image: target.toolImages.alertmanager,
    evidence,
    title: 'amtool check-config',
    expected: 'amtool check-config to accept the configuration and every template it names (exit 0)',
    where: [configFile, ...templates.flatMap((t) => t.files)].join(', '),
    hint: 'fix what amtool names (an undefined receiver, a template that does not parse), then run `amtool check-config config.yml` locally',
  });
  const outside = templates.flatMap((t) => t.files.filter((f) => !inContainer(f, mount)));
  checkAll([
    error && { expected: 'the Alertmanager configuration in valid YAML', found: error, where: configFile },
    finding,
    ...outside.map((f): Finding => ({
      expected: 'templates beside the Alertmanager configuration, so that amtool checks them',
      found: `${f} outside ${mount.treeDir}`,
      where: configFile,
    })),
  ]);
});

item('PRE-6.4', async ({ target, prometheus, evidence }) => {
  const dir = join(target.monitoringDir, MONITORING_LAYOUT.grafanaDashboardsDir);
  const files = dashboardFiles(dir);
  const shown = (f: string) => relative(target.monitoringDir, f);
  check(files.length > 0, {
    expected: 'at least one dashboard exported as JSON',
    found: 'no .json file',
    where: dir,
    hint: 'export the dashboards from Grafana into monitoring/grafana/dashboards/ and commit them',
  });
  const checks = files.map((f) => checkDashboard(f, undefined, shown(f)));
  const rulesTree = rulesOfTree(target);
  const recorded = new Set(rulesTree.rules.filter((r) => r.kind === 'recording').map((r) => r.name));
  await evidence.json(
    'dashboards',
    checks.map((c) => ({ file: shown(c.file), uid: c.uid, title: c.title, panels: c.panels, queries: c.queries.length })),
  );
  const queries = checks.flatMap((c) => c.queries);
  checkAll(
    await metricFindings(prometheus, queries, recorded, [
      ...checks.flatMap((c) => c.findings),
      ...duplicateUidFindings(checks, shown),
      ...versionControlFindings(dir, files),
      ...syntaxFindings(queries, 'fix the panel query in Grafana, export the dashboard again and commit it'),
    ]),
  );
});
