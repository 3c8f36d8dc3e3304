// Seed section: 6. Monitoring Configuration (CRITICAL).
import { item, notImplemented } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import { promtoolCheck } from '../../src/harness/checks/prometheus.js';

item('PRE-6.1', async ({ target, evidence }) => {
  const { run, finding } = await promtoolCheck(target);
  await evidence.text('promtool check config', `$ ${run.command}   (${run.where})\nexit ${run.exitCode}\n\n${run.stdout}\n${run.stderr}`);
  checkAll([finding]);
});

notImplemented('PRE-6.2');
notImplemented('PRE-6.3');
notImplemented('PRE-6.4');
