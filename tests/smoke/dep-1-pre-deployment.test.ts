// Seed section: Deployment, Phase 1: Pre-Deployment (T-24h).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { attested, item, notImplemented } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import { backupGrafana, backupPrometheus, backupWorkspace } from '../../src/harness/backups.js';
import { dashboardsOf } from '../../src/harness/backups/compare.js';
import { releaseTagFinding } from '../../src/harness/release-tag.js';

notImplemented('DEP-1.1');
item(
  'DEP-1.2',
  async ({ target, grafana, evidence }) => {
    const work = backupWorkspace();
    try {
      const dashboards = await dashboardsOf(grafana);
      const [prom, graf] = await Promise.all([backupPrometheus(target, work.root), backupGrafana(target, work.root, dashboards.map((d) => d.uid))]);
      const listing = (b: typeof prom) => `$ ${b.run.command}\nexit ${b.run.exitCode} in ${b.run.elapsedMs} ms\n${b.run.stderr}\n\nfiles:\n${b.files.map((f) => `${f.bytes}\t${f.path}`).join('\n')}`;
      await Promise.all([evidence.text('prometheus backup', listing(prom)), evidence.text('grafana backup', listing(graf))]);
      const release = releaseTagFinding(target.repoDir, target.releaseTag);
      await evidence.json('release tag', { repository: target.repoDir, required: target.releaseTag ?? 'a tag pointing at HEAD', found: release.tags });
      checkAll([...prom.findings, ...graf.findings, release.finding]);
    } finally {
      work.dispose();
    }
  },
  { timeoutMs: 180_000 },
);
attested('DEP-1.3'); // decided by people: passes on valid attestations of its responsible roles
notImplemented('DEP-1.4');
