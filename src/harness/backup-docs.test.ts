import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDocFindings, backupStorage, retentionDays, shortRetentions } from './backup-docs.js';
import { grafanaBackupFindings, prometheusBackupFindings } from './backups/verify.js';
import { dashboardFindings, seriesFindings } from './backups/compare.js';

const repo = mkdtempSync(join(tmpdir(), 'h9a-backup-docs-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
mkdirSync(join(repo, 'docs'));
mkdirSync(join(repo, 'scripts'));
writeFileSync(join(repo, 'scripts/backup.sh'), 'RETENTION_DAYS=${RETENTION_DAYS:-3}\n');
chmodSync(join(repo, 'scripts/backup.sh'), 0o755);

describe('the backup procedure document', () => {
  it('accepts scripts that exist, a restore section and a cron schedule', () => {
    writeFileSync(join(repo, 'docs/b.md'), '# Backup\nRun [it](../scripts/backup.sh).\n## Restore\nsteps\n```\n30 2 * * * root ./scripts/backup.sh\n```\n');
    expect(backupDocFindings(join(repo, 'docs/b.md'), repo).findings).toEqual([]);
  });
  it('names a missing script, a missing restore procedure and a missing schedule', () => {
    writeFileSync(join(repo, 'docs/c.md'), '# Backup\nRun scripts/backup.sh then ./scripts/gone.sh daily.\n');
    expect(backupDocFindings(join(repo, 'docs/c.md'), repo).findings.map((f) => f.found)).toEqual([
      './scripts/gone.sh does not exist (looked at scripts/gone.sh)',
      'no heading mentions restore (headings: Backup)',
      'neither in the document',
    ]);
  });
  it('says which documents mention backups when the configured one is missing', () => {
    expect(backupDocFindings(join(repo, 'docs/none.md'), repo).findings[0]!.found).toMatch(
      /no docs\/none.md, and not one document with a backup heading; documents mentioning backups: docs\/b.md, docs\/c.md/,
    );
  });
});

describe('finding the backup document', () => {
  it('takes the one document with a backup heading when the configured one is missing', () => {
    const other = mkdtempSync(join(tmpdir(), 'h9a-backup-doc-'));
    mkdirSync(join(other, 'docs'));
    writeFileSync(join(other, 'docs/ops.md'), '# Operations\n## Backups\n');
    writeFileSync(join(other, 'README.md'), 'we back up nightly\n');
    expect(backupDocFindings(join(other, 'docs/backup.md'), other).doc).toBe(join(other, 'docs/ops.md'));
    rmSync(other, { recursive: true, force: true });
  });
});

describe('backup storage', () => {
  it('reads days from numbers and durations', () => {
    expect([7, '7', '7d', '2w', '168h', 'weekly'].map(retentionDays)).toEqual([7, 7, 7, 14, 7, undefined]);
  });
  it('reads location, retention and off-site from the backup section', () => {
    writeFileSync(join(repo, 'c.yaml'), 'backup:\n  prometheus_dir: /b/p\n  retention: 14d\n  offsite_target: ${OFFSITE}\n');
    expect(backupStorage(join(repo, 'c.yaml')).storage).toEqual({
      locations: { prometheus_dir: '/b/p' },
      retention: { key: 'retention', days: 14, raw: '14d' },
      offsite: { key: 'offsite_target', value: '${OFFSITE}' },
    });
    writeFileSync(join(repo, 'd.yaml'), 'other: 1\n');
    expect(backupStorage(join(repo, 'd.yaml')).error).toBe('has no `backup:` section');
  });
  it('finds short RETENTION_DAYS defaults in scripts', () => {
    expect(shortRetentions([join(repo, 'scripts/backup.sh')], repo).map((f) => f.found)).toEqual(['RETENTION_DAYS=${RETENTION_DAYS:-3 (3 days)']);
  });
});

describe('backup files and restores', () => {
  it('an empty Prometheus backup, one without blocks, and a complete one', () => {
    const dir = join(repo, 'pb');
    mkdirSync(dir);
    expect(prometheusBackupFindings(dir, 's')[0]!.found).toBe('an empty directory, though the script exited 0');
    writeFileSync(join(dir, 'backup-info.json'), '{"type":"prometheus"}');
    expect(prometheusBackupFindings(dir, 's')[0]!.found).toMatch(/^no block under snapshot\//);
    mkdirSync(join(dir, 'snapshot/01ABC/chunks'), { recursive: true });
    for (const f of ['meta.json', 'index', 'chunks/000001']) writeFileSync(join(dir, 'snapshot/01ABC', f), 'x');
    writeFileSync(join(dir, 'snapshot/01ABC/tombstones'), '');
    expect(prometheusBackupFindings(dir, 's')).toEqual([]);
  });
  it('a Grafana backup without a live dashboard', () => {
    const dir = join(repo, 'gb');
    mkdirSync(join(dir, 'dashboards'), { recursive: true });
    writeFileSync(join(dir, 'backup-info.json'), '{"type":"grafana"}');
    writeFileSync(join(dir, 'datasources.json'), '[{"name":"p"}]');
    writeFileSync(join(dir, 'dashboards/a.json'), '{"dashboard":{"uid":"a"}}');
    expect(grafanaBackupFindings(dir, 's', ['a'])).toEqual([]);
    expect(grafanaBackupFindings(dir, 's', ['a', 'b'])[0]!.found).toBe('missing or unreadable: dashboards/b.json');
  });
  it('series and dashboards lost by a restore', () => {
    expect(seriesFindings({ app: 10, prometheus: 5 }, { app: 10, prometheus: 5 }, 0, 'w')).toEqual([]);
    expect(seriesFindings({ app: 10 }, {}, 0, 'w')[0]!.found).toBe('job app: 10 series before, 0 after');
    expect(dashboardFindings([{ uid: 'a', title: 'A', panels: 3 }], [{ uid: 'a', title: 'A', panels: 2 }], 'w')[0]!.found).toBe(
      'a: "A" with 2 panels, was "A" with 3',
    );
  });
});
