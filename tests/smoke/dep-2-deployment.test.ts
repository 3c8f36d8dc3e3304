// Seed section: Deployment, Phase 2: Deployment (T-0).
import { item, notImplemented } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import { configuredJobs, servedConfigFinding } from '../../src/harness/checks/prometheus-config.js';
import { jobsUp, resolveAppJob } from '../../src/harness/checks/prometheus.js';

notImplemented('DEP-2.1');
notImplemented('DEP-2.2');
notImplemented('DEP-2.3');

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
    findings.push({ expected: 'the last configuration (re)load successful', found: `reloadConfigSuccess false (last successful load ${runtime.lastConfigTime})`, where: `${prometheus.url}/api/v1/status/runtimeinfo`, hint: 'read the reload error in the Prometheus log and fix the configuration' });
  }
  // Config valid and loaded: Prometheus serves the configuration of the tree under test.
  const served = servedConfigFinding(yaml, target.monitoringDir, `${prometheus.url}/api/v1/status/config`);
  await evidence.json('served configuration against the tree', { tree: served.treeFile, differences: served.differences });
  findings.push(served.finding);

  // Every configured job has targets, all UP; then the application's own series are there.
  const jobs = configuredJobs(yaml);
  const up = await jobsUp(prometheus, jobs);
  await evidence.json('active targets', up.targets.map((t) => ({ job: t.scrapePool, instance: t.labels.instance, health: t.health, lastError: t.lastError, scrapeUrl: t.scrapeUrl })));
  findings.push(...up.findings);
  const appJob = await resolveAppJob(prometheus, metrics.exposition, target.app.job, metrics.res.url);
  await evidence.json('application job', appJob);
  findings.push(appJob.finding);
  checkAll(findings);
});

notImplemented('DEP-2.5');
notImplemented('DEP-2.6');
