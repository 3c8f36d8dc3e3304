// Seed section: 8. Team Readiness (IMPORTANT).
import { dirname, join } from 'node:path';
import { attested, item } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import { MONITORING_LAYOUT } from '../../src/stack/reference-stack.js';
import { inContainer } from '../../src/harness/monitoring/tree.js';
import { channelsByReceiver, loadRoutingCases, routeCases, routingFindings, withSeedCases } from '../../src/harness/monitoring/routing.js';

attested('PRE-8.1'); // decided by people: passes on valid attestations of its responsible roles
attested('PRE-8.2'); // decided by people: passes on valid attestations of its responsible roles

item('PRE-8.3', async ({ target, evidence, attest }) => {
  const configFile = join(target.monitoringDir, MONITORING_LAYOUT.alertmanagerConfig);
  const mount = { treeDir: dirname(configFile), mountAt: '/etc/alertmanager' };
  const file = loadRoutingCases(target.routingCasesFile);
  const cases = withSeedCases(file.cases);
  const routed = await routeCases(cases, { dir: mount.treeDir, configInContainer: inContainer(configFile, mount)!, image: target.toolImages.alertmanager });
  await evidence.json('routing cases', {
    file: target.routingCasesFile,
    fileError: file.error ?? null,
    cases: routed.map((r) => ({
      labels: r.labels,
      expectedReceivers: r.receivers,
      expectedChannel: r.channel,
      got: r.got,
      source: r.source,
      amtool: r.command,
    })),
  });
  checkAll([
    // Without a cases file the seed's two cases are still checked; a file that is there must be readable.
    file.error &&
      file.error !== 'does not exist' && {
        expected: 'the routing cases as data in the repository (ROUTING_CASES_FILE)',
        found: `${target.routingCasesFile} ${file.error}`,
        where: target.routingCasesFile,
        hint: 'list cases as `cases: [{labels: {...}, receivers: [...], channel: "#..."}]`; the seed\'s two channel cases are checked either way',
      },
    ...routingFindings(routed, channelsByReceiver(configFile), `${configFile}, routed by amtool config routes test in ${target.toolImages.alertmanager}`),
  ]);
  await attest();
});

attested('PRE-8.4'); // decided by people: passes on valid attestations of its responsible roles
