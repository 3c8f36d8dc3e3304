// Post-deployment verification 2. Prometheus Data (CRITICAL): every target UP; the newest sample of
// the sessions counter younger than SAMPLE_MAX_AGE_S (60 s); data is being stored (a history, not one point).
import { item } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import { pollUntil } from '../../src/probes/poll.js';
import { familiesInPrometheus, newestSampleAge, settledTargets, storedSamples, targetsUp } from '../../src/harness/checks/prometheus-series.js';

item('VER-2', async ({ target, prometheus, evidence }) => {
  const { sessionsCounter: metric, sampleMaxAgeS } = target.verify;
  const job = target.app.job;
  const where = `${prometheus.url}/api/v1/query`;
  const [targets, age, offered] = await Promise.all([
    settledTargets(prometheus),
    newestSampleAge(prometheus, metric, job),
    familiesInPrometheus(prometheus, [metric], job),
  ]);
  // A fresh deployment may hold one point only: wait for the next scrapes (at most two minutes), never race them.
  const history = await pollUntil(
    () => storedSamples(prometheus, metric, job),
    (n) => n >= 2,
    { timeoutMs: 40_000, intervalMs: 500 },
  );
  await evidence.json('Prometheus data', {
    targets: targets.map((t) => ({ job: t.labels.job, instance: t.labels.instance, health: t.health, lastScrape: t.lastScrape, lastError: t.lastError })),
    newestSample: { metric, job, ageSeconds: age, maxAgeSeconds: sampleMaxAgeS },
    storedSamplesLast5m: history.value,
  });
  const findings: (Finding | false)[] = [
    ...targetsUp(targets, job, `${prometheus.url}/api/v1/targets`),
    age === undefined && {
      expected: `a current series ${metric}{job="${job}"} (SESSIONS_COUNTER, APP_JOB)`,
      found: offered.size ? 'a series that is no longer scraped (stale)' : 'no such series in Prometheus',
      where,
      hint: 'check that the application exposes it and that no relabel rule drops it',
    },
    age !== undefined &&
      !(age <= sampleMaxAgeS) && {
        expected: `the newest sample of ${metric}{job="${job}"} younger than ${sampleMaxAgeS} s`,
        found: `${Math.round(age)} s old`,
        where,
        hint: 'the series is stale: check the scrape interval, the target clock, and samples exposed with explicit old timestamps',
      },
    age !== undefined &&
      !history.ok && {
        expected: `Prometheus storing ${metric}{job="${job}"}: at least 2 samples over the last 5 minutes`,
        found: `${history.value} after waiting ${history.elapsedMs} ms`,
        where,
        hint: 'check the storage (--storage.tsdb.path, disk space) and the scrape interval',
      },
  ];
  checkAll(findings);
});
