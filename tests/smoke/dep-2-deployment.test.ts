// Seed section: Deployment, Phase 2: Deployment (T-0).
import { item } from '../../src/harness/vitest.js';
import { checkAll, ItemBroken, type Finding } from '../../src/registry/errors.js';
import { exchange, type HttpExchange } from '../../src/probes/http.js';
import { configuredJobs, servedConfigFinding } from '../../src/harness/checks/prometheus-config.js';
import { jobsUp, resolveAppJob } from '../../src/harness/checks/prometheus.js';
import { metricsEndpointFindings } from '../../src/harness/checks/metrics-endpoint.js';
import { expectedVersion, healthFinding, reportedVersions, versionFinding } from '../../src/harness/checks/app-health.js';
import {
  amConfigFile,
  amtoolCheck,
  lastReloadFinding,
  servedConfigFinding as amServedConfigFinding,
  statusFindings,
} from '../../src/harness/checks/alertmanager.js';
import { STACK_ALIASES } from '../../src/stack/reference-stack.js';
import { grafanaSetupFindings } from './support/grafana-setup.js';
import { environmentFindings } from './support/environment.js';
import { deployEnvFindings } from './support/deploy-env.js';

item('DEP-2.1', async ({ target, app, grafana, evidence }) => {
  const [health, metrics, env] = await Promise.all([app.health(), app.metrics(), environmentFindings(target, grafana)]);
  const deployEnv = deployEnvFindings(target.deployEnv);
  const expected = expectedVersion(target.app);
  const reported = reportedVersions(health, metrics.exposition);
  await evidence.json('environment (secrets reported present or absent only)', { checklist: env.report, deployment: deployEnv.report });
  await evidence.json('version', { expected, reported });
  checkAll([...env.findings, ...deployEnv.findings, versionFinding(expected, reported, `${health.url} and ${metrics.res.url}`)]);
});

item('DEP-2.2', async ({ target, app, prometheus, alertmanager, grafana, evidence }) => {
  // Each service answers: the application on /health (any status: DEP-2.3 decides its health), the others ready.
  const services: { name: string; alias: string; url: string; probe: () => Promise<HttpExchange>; anyStatus?: boolean }[] = [
    { name: 'application', alias: STACK_ALIASES.app, url: target.app.url, probe: () => app.health(), anyStatus: true },
    { name: 'prometheus', alias: STACK_ALIASES.prometheus, url: target.prometheus.url, probe: () => prometheus.ready() },
    { name: 'alertmanager', alias: STACK_ALIASES.alertmanager, url: target.alertmanager.url, probe: () => alertmanager.ready() },
    { name: 'grafana', alias: STACK_ALIASES.grafana, url: target.grafana.url, probe: () => grafana.health() },
    ...(target.receiver
      ? [
          {
            name: 'notification receiver',
            alias: STACK_ALIASES.receiver,
            url: target.receiver.url,
            probe: () => exchange(`${target.receiver!.url}/-/ready`, { timeoutMs: target.httpTimeoutMs }),
          },
        ]
      : []),
  ];
  const answers = await Promise.all(services.map((s) => s.probe().catch((e: unknown) => (e instanceof ItemBroken ? e.message : Promise.reject(e)))));
  const findings: Finding[] = services.flatMap((s, i) => {
    const a = answers[i]!;
    if (typeof a === 'string') return [{ expected: `${s.name} running and answering`, found: a, where: s.url, hint: `start ${s.name} and check its URL` }];
    return !s.anyStatus && a.status !== 200 ? [{ expected: `${s.name} ready (200)`, found: `${a.status} ${a.body.slice(0, 120)}`, where: a.url }] : [];
  });
  let engine: unknown = 'external deployment: services are judged by their answers only';
  if (target.mode === 'reference') {
    // The reference stack's containers, as the engine reports them.
    const { stackContainers } = await import('../../src/stack/engine-state.js');
    const containers = await stackContainers(services.map((s) => ({ port: Number(new URL(s.url).port), alias: s.alias })));
    engine = services.map((s, i) => ({ service: s.name, container: containers[i] }));
    for (const [i, s] of services.entries()) {
      const c = containers[i]!;
      if (c.state !== 'running')
        findings.push({
          expected: `the container of ${s.name} running`,
          found: c.name ? `${c.name} (${c.image}) ${c.state}: ${c.status}` : c.status,
          where: 'the container engine',
          hint: `read the logs of ${s.name}'s container (docker logs)`,
        });
    }
  }
  await evidence.json('services', {
    answers: services.map((s, i) => ({
      service: s.name,
      url: s.url,
      answer: typeof answers[i] === 'string' ? answers[i] : (answers[i] as HttpExchange).status,
    })),
    engine,
  });
  checkAll(findings);
});

item('DEP-2.3', async ({ app, evidence }) => {
  const [health, metrics] = await Promise.all([app.health(), app.metrics()]);
  await evidence.json('health and metrics endpoint', {
    health: { status: health.status, body: health.body },
    metrics: { status: metrics.res.status, contentType: metrics.res.headers['content-type'], samples: metrics.exposition.samples.length },
  });
  checkAll([healthFinding(health), ...metricsEndpointFindings(metrics)]);
});

item('DEP-2.4', async ({ target, app, prometheus, evidence }) => {
  const findings: (Finding | undefined)[] = [];
  // Reloaded: POST /-/reload against the stack we own; an existing deployment is only read, never changed.
  if (target.mode === 'reference') {
    const reload = await prometheus.reload();
    await evidence.json('POST /-/reload', { status: reload.status, body: reload.body });
    if (reload.status !== 200) {
      findings.push({
        expected: 'POST /-/reload to answer 200',
        found: `${reload.status} ${reload.body.trim()}`,
        where: `${prometheus.url}/-/reload`,
        hint: reload.status === 403 ? 'start Prometheus with --web.enable-lifecycle' : 'read the reload error in the Prometheus log',
      });
    }
  }
  // Last (re)load successful, from the runtime info: a Prometheus that does not scrape itself has no
  // prometheus_config_last_reload_successful series, and that is not a fault.
  const [runtime, yaml, metrics] = await Promise.all([prometheus.runtimeInfo(), prometheus.configYaml(), app.metrics()]);
  await evidence.json('runtime info', runtime);
  await evidence.text('loaded configuration (/api/v1/status/config)', yaml);
  if (!runtime.reloadConfigSuccess) {
    findings.push({
      expected: 'the last configuration (re)load successful',
      found: `reloadConfigSuccess false (last successful load ${runtime.lastConfigTime})`,
      where: `${prometheus.url}/api/v1/status/runtimeinfo`,
      hint: 'read the reload error in the Prometheus log and fix the configuration',
    });
  }
  // Config valid and loaded: Prometheus serves the configuration of the tree under test.
  const served = servedConfigFinding(yaml, target.monitoringDir, `${prometheus.url}/api/v1/status/config`);
  await evidence.json('served configuration against the tree', { tree: served.treeFile, differences: served.differences });
  findings.push(served.finding);

  // Every configured job has targets, all UP; then the application's own series are there.
  const up = await jobsUp(prometheus, configuredJobs(yaml));
  await evidence.json(
    'active targets',
    up.targets.map((t) => ({ job: t.scrapePool, instance: t.labels.instance, health: t.health, lastError: t.lastError, scrapeUrl: t.scrapeUrl })),
  );
  findings.push(...up.findings);
  const appJob = await resolveAppJob(prometheus, metrics.exposition, target.app.job, metrics.res.url);
  await evidence.json('application job', appJob);
  findings.push(appJob.finding);
  checkAll(findings);
});

item('DEP-2.5', async ({ target, grafana, evidence }) => {
  const setup = await grafanaSetupFindings(target, grafana);
  await evidence.json('grafana', setup.seen);
  checkAll(setup.findings);
});

item('DEP-2.6', async ({ target, alertmanager, evidence }) => {
  const findings: (Finding | undefined)[] = [];
  const check = await amtoolCheck(target, evidence);
  findings.push(check.finding);
  // Reloaded: the stack we own is reloaded; an existing deployment's last reload must have succeeded.
  if (target.mode === 'reference') {
    const reload = await alertmanager.reload();
    await evidence.json('POST /-/reload', { status: reload.status, body: reload.body });
    if (reload.status !== 200)
      findings.push({
        expected: 'POST /-/reload to answer 200',
        found: `${reload.status} ${reload.body.trim()}`,
        where: `${alertmanager.url}/-/reload`,
        hint: 'read the reload error in the Alertmanager log',
      });
  }
  const [last, status] = await Promise.all([lastReloadFinding(alertmanager, target.httpTimeoutMs), statusFindings(alertmanager)]);
  const served = amServedConfigFinding(status.status, amConfigFile(target), `${alertmanager.url}/api/v2/status`);
  await evidence.json('status (/api/v2/status)', {
    cluster: status.status.cluster,
    version: status.status.versionInfo,
    uptime: status.status.uptime,
    lastReloadSuccessful: last.value,
    differencesFromTree: served.differences,
  });
  findings.push(last.finding, status.finding, served.finding);
  checkAll(findings);
});
