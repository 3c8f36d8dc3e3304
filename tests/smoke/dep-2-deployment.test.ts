// Seed section: Deployment, Phase 2: Deployment (T-0).
import { item, notImplemented } from '../../src/harness/vitest.js';
import { check } from '../../src/registry/errors.js';
import { pollUntil } from '../../src/probes/poll.js';

notImplemented('DEP-2.1');
notImplemented('DEP-2.2');
notImplemented('DEP-2.3');

item('DEP-2.4', async ({ target, prometheus, evidence }) => {
  // Config valid and loaded: Prometheus serves the config it runs.
  const yaml = await prometheus.configYaml();
  await evidence.text('loaded configuration (/api/v1/status/config)', yaml);

  // Reloaded: POST /-/reload against the stack we own; an existing deployment is only read, never changed.
  if (target.mode === 'reference') {
    const reload = await prometheus.reload();
    await evidence.json('POST /-/reload', { status: reload.status, body: reload.body });
    check(reload.status === 200, {
      expected: 'POST /-/reload to answer 200',
      found: `${reload.status} ${reload.body.trim()}`,
      where: `${prometheus.url}/-/reload`,
      hint: reload.status === 403 ? 'start Prometheus with --web.enable-lifecycle' : 'read the reload error in the Prometheus log',
    });
  }
  const lastReload = await prometheus.query('prometheus_config_last_reload_successful');
  check(lastReload.length > 0 && lastReload.every((s) => s.value[1] === '1'), {
    expected: 'prometheus_config_last_reload_successful == 1',
    found: lastReload.length ? lastReload.map((s) => s.value[1]).join(', ') : 'no such series',
    where: `${prometheus.url}/api/v1/query`,
  });

  // All targets UP: give targets still unknown (first scrape after a reload) a few scrape intervals.
  const targets = await pollUntil(
    () => prometheus.targets(),
    (list) => list.length > 0 && list.every((t) => t.health !== 'unknown'),
    { timeoutMs: 20_000, intervalMs: 250 },
  );
  await evidence.json('active targets', targets.value.map((t) => ({ job: t.labels.job, instance: t.labels.instance, health: t.health, lastError: t.lastError, scrapeUrl: t.scrapeUrl })));
  const notUp = targets.value.filter((t) => t.health !== 'up');
  check(targets.value.length > 0, { expected: 'at least one active target', found: 'none', where: `${prometheus.url}/api/v1/targets` });
  check(notUp.length === 0, {
    expected: `all ${targets.value.length} targets UP`,
    found: notUp.map((t) => `job ${t.labels.job} ${t.scrapeUrl} is ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; '),
    where: `${prometheus.url}/api/v1/targets`,
    hint: 'check that each target is running and reachable from Prometheus at its scrape URL',
  });
  check(targets.value.some((t) => t.labels.job === target.app.job), {
    expected: `a target of the application's job "${target.app.job}"`,
    found: `jobs ${[...new Set(targets.value.map((t) => t.labels.job))].join(', ')}`,
    where: `${prometheus.url}/api/v1/targets`,
  });
});

notImplemented('DEP-2.5');
notImplemented('DEP-2.6');
