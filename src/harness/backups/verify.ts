import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../registry/errors.js';
import { listFiles } from './scripts.js';

function info(dir: string): { type?: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'backup-info.json'), 'utf8')) as { type?: string };
  } catch {
    return undefined;
  }
}

/** A Prometheus backup holds backup-info.json and a snapshot with at least one TSDB block (meta.json, chunks, index), none of them empty. */
export function prometheusBackupFindings(dir: string, script: string): Finding[] {
  const files = listFiles(dir);
  const where = `${dir} (written by ${script})`;
  if (!files.length)
    return [
      {
        expected: "a Prometheus backup: backup-info.json and the snapshot's blocks",
        found: `${existsSync(dir) ? 'an empty directory' : 'no directory'}, though the script exited 0`,
        where,
        hint: `${script} must fail when it wrote nothing; run it by hand and read its log`,
      },
    ];
  const findings: Finding[] = [];
  if (info(dir)?.type !== 'prometheus')
    findings.push({
      expected: 'backup-info.json of type prometheus',
      found: existsSync(join(dir, 'backup-info.json')) ? 'another or unreadable backup-info.json' : 'no backup-info.json',
      where,
    });
  const blocks = files.filter((f) => /^snapshot\/[^/]+\/meta\.json$/.test(f.path)).map((f) => f.path.split('/')[1]!);
  const complete = blocks.filter(
    (b) => files.some((f) => f.path === `snapshot/${b}/index` && f.bytes > 0) && files.some((f) => f.path.startsWith(`snapshot/${b}/chunks/`) && f.bytes > 0),
  );
  if (!complete.length)
    findings.push({
      expected: 'the snapshot copied into the backup, with at least one complete TSDB block (meta.json, index, chunks)',
      found: blocks.length
        ? `blocks ${blocks.join(', ')} without index or chunks`
        : `no block under snapshot/ (files: ${files
            .map((f) => f.path)
            .slice(0, 10)
            .join(', ')})`,
      where,
      hint: "the snapshot stays in Prometheus' data directory unless the script can reach it: name Prometheus' container in PROMETHEUS_CONTAINER (or run the checklist where its data directory is)",
    });
  const empty = files.filter((f) => f.bytes === 0 && !f.path.endsWith('tombstones'));
  if (empty.length) findings.push({ expected: 'no empty file in the backup', found: `empty: ${empty.map((f) => f.path).join(', ')}`, where });
  return findings;
}

/** A Grafana backup holds backup-info.json, the data sources and one non-empty dashboard file per dashboard the live Grafana has. */
export function grafanaBackupFindings(dir: string, script: string, liveUids: readonly string[]): Finding[] {
  const files = listFiles(dir);
  const where = `${dir} (written by ${script})`;
  if (!files.length)
    return [
      {
        expected: 'a Grafana backup: data sources and dashboards',
        found: `${existsSync(dir) ? 'an empty directory' : 'no directory'}, though the script exited 0`,
        where,
        hint: `${script} must fail when it wrote nothing`,
      },
    ];
  const findings: Finding[] = [];
  if (info(dir)?.type !== 'grafana') findings.push({ expected: 'backup-info.json of type grafana', found: 'none readable', where });
  let datasources: unknown;
  try {
    datasources = JSON.parse(readFileSync(join(dir, 'datasources.json'), 'utf8'));
  } catch {
    datasources = undefined;
  }
  if (!Array.isArray(datasources) || !datasources.length)
    findings.push({
      expected: 'the data sources in datasources.json',
      found: Array.isArray(datasources) ? 'an empty list' : 'no readable datasources.json',
      where,
    });
  const missing = liveUids.filter((uid) => {
    try {
      return (JSON.parse(readFileSync(join(dir, 'dashboards', `${uid}.json`), 'utf8')) as { dashboard?: { uid?: string } }).dashboard?.uid !== uid;
    } catch {
      return true;
    }
  });
  if (missing.length)
    findings.push({
      expected: `every dashboard Grafana has (${liveUids.join(', ')}) in the backup`,
      found: `missing or unreadable: ${missing.map((u) => `dashboards/${u}.json`).join(', ')}`,
      where,
    });
  return findings;
}
