// Seed section: 10. Performance & Capacity (IMPORTANT).
// PRE-10.1 and PRE-10.3 share one load test (src/harness/load-test.ts): the container's resources
// are sampled from the engine during the same load whose latency PRE-10.1 judges.
import { item } from '../../src/harness/vitest.js';
import { check, checkAll, ItemBroken } from '../../src/registry/errors.js';
import { currentTarget } from '../../src/harness/current-target.js';
import { appMetricsPath, loadTest, loadTestTimeoutMs } from '../../src/harness/load-test.js';
import { judgeLoadTest, loadSummary } from '../../src/harness/load-verdict.js';
import { CAPACITY_STATEMENTS, findCapacityDocs, readCapacityDoc, type CapacityStatement } from '../../src/harness/capacity-doc.js';
import { appServices, composeFiles, serviceLimits } from '../../src/harness/compose-limits.js';
import { existsSync } from 'node:fs';

/** The deadline follows the profile's duration (release: 300 s); 10 s when no target is known yet. */
const durationS = (() => {
  try {
    return currentTarget().loadTest.durationS;
  } catch {
    return 10;
  }
})();

const MB = 1024 * 1024;

item(
  'PRE-10.1',
  async ({ target, prometheus, evidence }) => {
    const r = await loadTest(target, await appMetricsPath(prometheus, target.app.job));
    await evidence.json('load test', {
      ...r,
      container:
        'notSampled' in r.container
          ? r.container
          : { ...r.container.container, maxMemoryBytes: r.container.maxMemoryBytes, maxCpuCores: r.container.maxCpuCores, samples: r.container.samples.length },
    });
    await evidence.text('load test summary', loadSummary(r));
    judgeLoadTest(r);
  },
  { timeoutMs: loadTestTimeoutMs(durationS) },
);

item('PRE-10.2', async ({ target, evidence }) => {
  const docs = target.capacity.doc ? [target.capacity.doc] : findCapacityDocs(target.repoDir);
  check(docs.length > 0 && existsSync(docs[0]!), {
    expected: 'a capacity plan document (a file whose name says "capacity", or CAPACITY_DOC)',
    found: target.capacity.doc ? `${target.capacity.doc} does not exist` : 'no such file in the repository root or the folders below it',
    where: target.repoDir,
    hint: 'write docs/capacity-planning.md: requests/s, memory, disk growth per day and retention, with their numbers',
  });
  const readings = docs.map((d) => readCapacityDoc(target.repoDir, d));
  await evidence.json('capacity plan', readings);
  // The plan may be spread over several files: each number must be stated in one of them.
  const missing = (Object.keys(CAPACITY_STATEMENTS) as CapacityStatement[]).filter((s) => !readings.some((r) => r.stated[s]));
  check(missing.length === 0, {
    expected: 'the capacity plan to state its numbers: requests/s, memory, disk growth and retention',
    found: `no number for ${missing.join(', ')}`,
    where: readings.map((r) => r.file).join(', '),
    hint: `state each with its unit, e.g. ${missing.map((m) => `"${CAPACITY_STATEMENTS[m].example}"`).join('; ')}`,
  });
});

item(
  'PRE-10.3',
  async ({ target, prometheus, evidence }) => {
    const files = composeFiles(target.repoDir);
    check(files.length > 0, { expected: 'compose files declaring the deployment', found: 'no docker-compose*.yml / compose*.yml', where: target.repoDir });
    const all = serviceLimits(target.repoDir, files);
    await evidence.json('compose resource limits', all);
    checkAll(
      all
        .filter((s) => s.memoryBytes === null || s.cpus === null)
        .map((s) => ({
          expected: `service ${s.service} to declare a memory and a CPU limit`,
          found: `memory ${s.written.memory ?? 'none'}, cpus ${s.written.cpus ?? 'none'}`,
          where: s.file,
          hint: 'add deploy.resources.limits: { cpus: "1.0", memory: 512M } (sized from the capacity plan)',
        })),
    );
    const r = await loadTest(target, await appMetricsPath(prometheus, target.app.job));
    if ('notSampled' in r.container)
      throw new ItemBroken(`the limits are declared, but the application's container could not be sampled during the load test: ${r.container.notSampled}`);
    const { container, samples, maxMemoryBytes, maxCpuCores } = r.container;
    await evidence.json('application container under load', { container, maxMemoryBytes, maxCpuCores, samples, error: r.container.error });
    if (samples.length < 2)
      throw new ItemBroken(
        `the engine gave ${samples.length} stats samples of ${container.name} during a ${r.actualS} s load test${r.container.error ? ` (${r.container.error})` : ''}`,
      );
    const app = appServices(all, { service: target.capacity.appService, job: target.app.job, runningImage: container.image });
    check(app.length > 0, {
      expected: `a compose service for the application (APP_COMPOSE_SERVICE, or named ${target.app.job}, or with image ${container.image})`,
      found: `services ${all.map((s) => `${s.service} (${s.image ?? 'no image'})`).join(', ')}`,
      where: files.join(', '),
      hint: 'set APP_COMPOSE_SERVICE to the application service',
    });
    const memoryLimit = Math.min(...app.map((s) => s.memoryBytes!));
    const cpuLimit = Math.min(...app.map((s) => s.cpus!));
    const limitsFrom = app.map((s) => `${s.file}#${s.service}`).join(', ');
    checkAll([
      maxMemoryBytes >= memoryLimit && {
        expected: `${container.name} to stay under its memory limit of ${Math.round(memoryLimit / MB)} MiB during the load test`,
        found: `${Math.round(maxMemoryBytes / MB)} MiB at the peak (${samples.length} samples)`,
        where: `${container.name} (${container.image}), limit from ${limitsFrom}`,
        hint: 'with this limit the container is OOM-killed under load: find what holds the memory, or raise the limit and the capacity plan together',
      },
      maxCpuCores >= cpuLimit && {
        expected: `${container.name} to stay under its CPU limit of ${cpuLimit} cores during the load test`,
        found: `${maxCpuCores} cores at the peak`,
        where: `${container.name} (${container.image}), limit from ${limitsFrom}`,
        hint: 'at the limit the container is throttled and latency grows: raise the limit or scale out',
      },
    ]);
  },
  { timeoutMs: loadTestTimeoutMs(durationS) },
);
