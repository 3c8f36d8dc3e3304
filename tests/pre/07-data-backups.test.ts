// Seed section: 7. Data & Backups (IMPORTANT).
import { relative } from 'node:path';
import { item } from '../../src/harness/vitest.js';
import { check, checkAll, ItemBroken } from '../../src/registry/errors.js';
import { backupDocFindings, backupStorage, MIN_RETENTION_DAYS, shortRetentions } from '../../src/harness/backup-docs.js';
import { backupGrafana, backupPrometheus, backupWorkspace, restoreGrafanaFresh, restorePrometheusFresh, type StepResult } from '../../src/harness/backups.js';
import { dashboardFindings, dashboardsOf, seriesAt, seriesFindings } from '../../src/harness/backups/compare.js';
import { stackImagesFromEnv } from '../../src/stack/images.js';

item('PRE-7.1', async ({ target, evidence }) => {
  const { findings, scripts, doc } = backupDocFindings(target.backup.doc, target.repoDir);
  await evidence.json('backup procedure', {
    configured: relative(target.repoDir, target.backup.doc),
    document: doc && relative(target.repoDir, doc),
    scripts: scripts.map((s) => ({ name: s.name, exists: s.exists, executable: s.executable })),
  });
  checkAll(findings);
});

item('PRE-7.2', async ({ target, evidence, attest }) => {
  const file = target.backup.configFile;
  const shown = relative(target.repoDir, file);
  const { storage, error } = backupStorage(file);
  check(storage, {
    expected: 'the backup storage configured in a `backup:` section (BACKUP_CONFIG_FILE)',
    found: `${shown} ${error}`,
    where: file,
    hint: 'add backup: {prometheus_dir, grafana_dir, retention_days, offsite_target}',
  });
  const procedure = backupDocFindings(target.backup.doc, target.repoDir);
  const scripts = procedure.scripts.filter((s) => s.exists).map((s) => s.path);
  const docs = procedure.doc ? [procedure.doc] : [];
  await evidence.json('backup storage', { file: shown, ...storage });
  checkAll([
    !Object.keys(storage.locations).length && {
      expected: 'a storage location for the backups (a *_dir, path, location or bucket key)',
      found: 'none in the backup section',
      where: shown,
    },
    !storage.retention && { expected: `a retention of at least ${MIN_RETENTION_DAYS} days (retention_days)`, found: 'no retention key', where: shown },
    storage.retention &&
      !(storage.retention.days !== undefined && storage.retention.days >= MIN_RETENTION_DAYS) && {
        expected: `a retention of at least ${MIN_RETENTION_DAYS} days`,
        found: `${storage.retention.key}: ${JSON.stringify(storage.retention.raw)}`,
        where: shown,
        hint: `set ${storage.retention.key} to ${MIN_RETENTION_DAYS} or more`,
      },
    !storage.offsite && {
      expected: 'an off-site target for the backups (offsite_target)',
      found: 'none in the backup section',
      where: shown,
      hint: 'name where the off-site copies go (a bucket, another site)',
    },
    ...shortRetentions([...scripts, ...docs], target.repoDir),
  ]);
  await attest();
});

item(
  'PRE-7.3',
  async ({ target, prometheus, grafana, evidence, notApplicable }) => {
    if (target.mode === 'external' && !target.allowDisruptive)
      notApplicable(
        'disruptive',
        'runs the backup scripts against the deployment and restores into scratch containers on this engine; set ALLOW_DISRUPTIVE=true to allow it',
      );
    const images = stackImagesFromEnv(process.env);
    const at = Math.floor(Date.now() / 1000) - 1;
    const [before, dashboards] = await Promise.all([seriesAt(prometheus, at), dashboardsOf(grafana)]);
    if (!Object.keys(before).length)
      throw new ItemBroken(`Prometheus at ${target.prometheus.url} has no series yet at ${new Date(at * 1000).toISOString()}: nothing to prove a restore with`);
    const work = backupWorkspace();
    const stops: (() => Promise<void>)[] = [];
    try {
      const backups = await Promise.all([
        backupPrometheus(target, work.root),
        backupGrafana(
          target,
          work.root,
          dashboards.map((d) => d.uid),
        ),
      ]);
      await Promise.all(backups.map((b, i) => attach(evidence, ['prometheus backup', 'grafana backup'][i]!, b)));
      checkAll(backups.flatMap((b) => b.findings));
      const [prom, graf] = await Promise.all([
        restorePrometheusFresh(target, backups[0].dir, target.toolImages.prometheus),
        restoreGrafanaFresh(target, backups[1].dir, images.grafana),
      ]);
      stops.push(prom.stop, graf.stop);
      await evidence.text(
        'restores',
        [prom, graf].map((r) => `$ ${r.run.command}\nexit ${r.run.exitCode} in ${r.run.elapsedMs} ms\n${r.run.stderr}`).join('\n\n'),
      );
      checkAll([...prom.findings, ...graf.findings]);
      const [after, restoredDashboards] = await Promise.all([seriesAt(prom.client, at), dashboardsOf(graf.client)]);
      await evidence.json('before and after the restore', {
        at: new Date(at * 1000).toISOString(),
        seriesBefore: before,
        seriesAfter: after,
        dashboardsBefore: dashboards,
        dashboardsAfter: restoredDashboards,
      });
      checkAll([
        ...seriesFindings(before, after, at, `a fresh Prometheus (${target.toolImages.prometheus}) restored by ${prom.run.command}`),
        ...dashboardFindings(dashboards, restoredDashboards, `a fresh Grafana (${images.grafana}) restored by ${graf.run.command}`),
      ]);
    } finally {
      await Promise.all(stops.map((s) => s()));
      work.dispose();
    }
  },
  { timeoutMs: 300_000 },
);

async function attach(evidence: { text(name: string, text: string): Promise<void> }, name: string, b: StepResult): Promise<void> {
  await evidence.text(
    name,
    `$ ${b.run.command}\nexit ${b.run.exitCode} in ${b.run.elapsedMs} ms\n${b.run.stderr}\n\nfiles in ${b.dir}:\n${b.files.map((f) => `${f.bytes}\t${f.path}`).join('\n')}`,
  );
}
