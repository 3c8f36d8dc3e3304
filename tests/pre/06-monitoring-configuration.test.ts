// Seed section: 6. Monitoring Configuration (CRITICAL).
import { item, notImplemented } from '../../src/harness/vitest.js';
import { check } from '../../src/registry/errors.js';
import { runTool } from '../../src/tools/tools.js';

item('PRE-6.1', async ({ target, evidence }) => {
  const run = await runTool('promtool', ['check', 'config', '/etc/prometheus/prometheus.yml'], {
    dir: target.monitoringDir,
    image: target.toolImages.prometheus,
  });
  await evidence.text('promtool check config', `$ ${run.command}   (${run.where})\nexit ${run.exitCode}\n\n${run.stdout}\n${run.stderr}`);
  const problems = (run.stderr || run.stdout).split('\n').filter((l) => /FAILED|error/i.test(l));
  check(run.exitCode === 0, {
    expected: 'promtool check config to accept prometheus.yml (exit 0)',
    found: `exit ${run.exitCode}: ${problems.join(' ').trim() || run.stderr.trim() || run.stdout.trim()}`,
    where: `${target.monitoringDir}/prometheus.yml, checked by ${run.where}`,
    hint: 'fix the line promtool names, then run the same command locally',
  });
});

notImplemented('PRE-6.2');
notImplemented('PRE-6.3');
notImplemented('PRE-6.4');
