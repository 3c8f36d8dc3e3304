// Seed section: Deployment, Phase 1: Pre-Deployment (T-24h).
import { attested, item } from '../../src/harness/vitest.js';
import { checkAll, ItemBroken, type Finding } from '../../src/registry/errors.js';
import { blockingResults, runPreDeployment, waivedItems } from './support/pre-results.js';
import { renderAnnouncement } from './support/announcement.js';
import { backupGrafana, backupPrometheus, backupWorkspace } from '../../src/harness/backups.js';
import { dashboardsOf } from '../../src/harness/backups/compare.js';
import { releaseTagFinding, tagStateAsOperator } from '../../src/harness/release-tag.js';

/** The seed's "config and docs validation": the sections whose items DEP-1.1 runs when this run has not. */
const VALIDATION_SECTIONS = /^(2\. Documentation|3\. Configuration|6\. Monitoring Configuration)$/;
/** How long the run of the pre-deployment items may take. */
const PRE_RUN_TIMEOUT_MS = 240_000;

item(
  'DEP-1.1',
  async ({ target, evidence }) => {
    // The pre-deployment results of this run, and the config and docs validation run now where it has none.
    const pre = await runPreDeployment(PRE_RUN_TIMEOUT_MS, VALIDATION_SECTIONS);
    // A blocker the target validly waives blocks this final verification no more than it blocks the verdict.
    const waived = waivedItems(target.waivers.file);
    await evidence.json('pre-deployment items', {
      durationMs: pre.durationMs,
      exitCode: pre.exitCode,
      reusedFromThisRun: pre.reused,
      results: pre.results.map((r) => ({ id: r.id, status: r.status, message: r.message?.split('\n')[0] })),
      notInThisRun: pre.notInThisRun,
      notImplementedYet: pre.notImplemented,
      waived: pre.results.filter((r) => waived.has(r.id) && r.status !== 'passed').map((r) => `${r.id} ${r.status} (waived)`),
    });
    const blocking = blockingResults(pre.results, waived);
    const failed = blocking.filter((r) => r.status === 'failed');
    const findings: Finding[] = [];
    if (failed.length)
      findings.push({
        expected: 'every blocking pre-deployment item passed',
        found: failed.map((r) => `${r.id} failed: ${r.message?.split('\n')[0] ?? ''}`).join('; '),
        where: 'a run of the pre-deployment items against this target',
        hint: 'fix what each item names (its own result has the details)',
      });
    checkAll(findings);
    const undecided = blocking.filter((r) => r.status !== 'failed');
    if (undecided.length)
      throw new ItemBroken(
        `the pre-deployment items could not all be decided: ${undecided.map((r) => `${r.id} ${r.status}: ${r.message?.split('\n')[0] ?? ''}`).join('; ')}`,
      );
    if (pre.results.length < pre.ran.length)
      throw new ItemBroken(
        `the run of the pre-deployment items (exit ${pre.exitCode}) decided ${pre.results.length} of ${pre.ran.length}: ${pre.ran.filter((id) => !pre.results.some((r) => r.id === id)).join(', ')} without a result`,
      );
  },
  { timeoutMs: PRE_RUN_TIMEOUT_MS + 30_000 },
);

item(
  'DEP-1.2',
  async ({ target, grafana, evidence }) => {
    const work = backupWorkspace();
    try {
      const dashboards = await dashboardsOf(grafana);
      const [prom, graf] = await Promise.all([
        backupPrometheus(target, work.root),
        backupGrafana(
          target,
          work.root,
          dashboards.map((d) => d.uid),
        ),
      ]);
      const listing = (b: typeof prom) =>
        `$ ${b.run.command}\nexit ${b.run.exitCode} in ${b.run.elapsedMs} ms\n${b.run.stderr}\n\nfiles:\n${b.files.map((f) => `${f.bytes}\t${f.path}`).join('\n')}`;
      await Promise.all([evidence.text('prometheus backup', listing(prom)), evidence.text('grafana backup', listing(graf))]);
      // The reference deployment's operator is the suite: it takes the seed's tag step itself (in a
      // throwaway deployment clone); an existing deployment's operator has tagged its release.
      const operator = target.mode === 'reference' ? await tagStateAsOperator(target.repoDir, work.root) : undefined;
      if (operator) await evidence.text('tag step (reference operator)', operator.transcript);
      const repository = operator?.repoDir ?? target.repoDir;
      const required = operator?.tag ?? target.releaseTag;
      const release = releaseTagFinding(repository, required);
      await evidence.json('release tag', { repository, required: required ?? 'a tag pointing at HEAD', found: release.tags });
      checkAll([...prom.findings, ...graf.findings, operator?.finding ?? release.finding]);
    } finally {
      work.dispose();
    }
  },
  { timeoutMs: 180_000 },
);

attested('DEP-1.3'); // decided by people: passes on valid attestations of its responsible roles

item('DEP-1.4', async ({ target, evidence, attest }) => {
  const rendered = renderAnnouncement(target);
  if (rendered.text) await evidence.text('deployment announcement (rendered)', rendered.text);
  await evidence.json('announcement values', { template: target.announcement.template, config: target.announcement.configFile, values: rendered.values });
  checkAll(rendered.findings);
  // Sent: only a person can say so.
  await attest();
});
