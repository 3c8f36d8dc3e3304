import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { parseDocument } from 'yaml';
import type { Finding } from '../registry/errors.js';

/** The minimum retention the seed accepts. */
export const MIN_RETENTION_DAYS = 7;

/** Scripts a document names (`scripts/backup.sh`, `./scripts/x.sh`, links `../scripts/x.sh`), resolved against the document's folder, then the repository. */
export function scriptsNamed(doc: string, text: string, repoDir: string): { name: string; path: string; exists: boolean; executable: boolean }[] {
  const names = [...new Set([...text.matchAll(/(?:\.{1,2}\/)*[\w][\w./-]*\.sh\b/g)].map((m) => m[0]))];
  const byPath = new Map<string, { name: string; path: string; exists: boolean; executable: boolean }>();
  for (const name of names) {
    const candidates = [resolve(dirname(doc), name), resolve(repoDir, name.replace(/^(\.{1,2}\/)+/, ''))];
    const path = candidates.find((c) => existsSync(c)) ?? candidates[1]!;
    const exists = existsSync(path);
    if (!byPath.has(path)) byPath.set(path, { name, path, exists, executable: exists && (statSync(path).mode & 0o111) !== 0 });
  }
  return [...byPath.values()];
}

/** The Markdown headings of a document. */
const headings = (text: string) => [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1]!.trim());

/**
 * The backup document: the configured one, or else the one document of the repository with a
 * heading about backups (what another deployment names its procedure is not ours to guess).
 */
export function findBackupDoc(doc: string, repoDir: string): { doc?: string; mentions: string[] } {
  if (existsSync(doc)) return { doc, mentions: [] };
  const docs = globSync(['docs/**/*.md', '*.md'], { cwd: repoDir, ignore: ['**/node_modules/**'] }).sort();
  const headed = docs.filter((f) => headings(readFileSync(resolve(repoDir, f), 'utf8')).some((h) => /backup/i.test(h)));
  if (headed.length === 1) return { doc: resolve(repoDir, headed[0]!), mentions: headed };
  return { mentions: docs.filter((f) => /backup/i.test(readFileSync(resolve(repoDir, f), 'utf8'))) };
}

/** What the backup document must say: the scripts (that exist), a restore procedure, a schedule. */
export function backupDocFindings(configured: string, repoDir: string): { findings: Finding[]; scripts: ReturnType<typeof scriptsNamed>; doc?: string } {
  const { doc, mentions } = findBackupDoc(configured, repoDir);
  if (!doc) {
    return {
      scripts: [],
      findings: [
        {
          expected: 'the backup procedure documented (BACKUP_DOC)',
          found: `no ${relative(repoDir, configured)}, and not one document with a backup heading; documents mentioning backups: ${mentions.join(', ') || 'none'}`,
          where: repoDir,
          hint: 'write the procedure (scripts, restore, schedule) and point BACKUP_DOC at it',
        },
      ],
    };
  }
  const text = readFileSync(doc, 'utf8');
  const where = relative(repoDir, doc) || doc;
  const scripts = scriptsNamed(doc, text, repoDir);
  const heads = headings(text);
  const cron = /^\s*(?:[\d*/,-]+\s+){4}[\d*/,-]+\s+\S/m.test(text) || /OnCalendar=/.test(text);
  const findings: Finding[] = [];
  if (!scripts.some((s) => /backup/i.test(s.name)))
    findings.push({
      expected: 'the document to name the backup scripts',
      found: `no backup script named (scripts named: ${scripts.map((s) => s.name).join(', ') || 'none'})`,
      where,
      hint: 'name each backup script and how to run it',
    });
  for (const s of scripts.filter((x) => !x.exists))
    findings.push({
      expected: `every script the document names to exist`,
      found: `${s.name} does not exist (looked at ${relative(repoDir, s.path)})`,
      where,
      hint: 'commit the script, or correct its name in the document',
    });
  for (const s of scripts.filter((x) => x.exists && !x.executable))
    findings.push({
      expected: 'the scripts to be executable',
      found: `${s.name} is not executable`,
      where: relative(repoDir, s.path),
      hint: `chmod +x ${relative(repoDir, s.path)} && git add --chmod=+x ${relative(repoDir, s.path)}`,
    });
  if (!heads.some((h) => /restor/i.test(h)))
    findings.push({
      expected: 'a restore procedure (a section about restoring)',
      found: `no heading mentions restore (headings: ${heads.join(' | ') || 'none'})`,
      where,
      hint: 'add a "Restore" section with the commands, in order',
    });
  if (!cron)
    findings.push({
      expected: 'a backup schedule (a cron line or a systemd OnCalendar=)',
      found: 'neither in the document',
      where,
      hint: 'state when the backups run, as the crontab or timer that runs them',
    });
  return { findings, scripts, doc };
}

/** Days from `7`, `"7"`, `"7d"`, `"2w"`, `"168h"`; undefined when it is none of them. */
export function retentionDays(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^\s*(\d+)\s*(d|days?|w|weeks?|h|hours?)?\s*$/i.exec(value) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'd').toLowerCase()[0];
  return unit === 'w' ? n * 7 : unit === 'h' ? n / 24 : n;
}

export interface BackupStorage {
  locations: Record<string, string>;
  retention?: { key: string; days: number | undefined; raw: unknown };
  offsite?: { key: string; value: string };
}

/** The `backup:` section of a configuration file: where (keys naming dirs, paths, buckets), how long, and the off-site target. */
export function backupStorage(configFile: string): { storage?: BackupStorage; error?: string } {
  if (!existsSync(configFile)) return { error: 'does not exist' };
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  if (doc.errors.length) return { error: `is not valid YAML: ${doc.errors[0]!.message}` };
  const section = (doc.toJS() as { backup?: Record<string, unknown> } | null)?.backup;
  if (!section || typeof section !== 'object') return { error: 'has no `backup:` section' };
  const entries = Object.entries(section);
  const offsite = entries.find(([k]) => /off.?site|remote|replica/i.test(k));
  const retention = entries.find(([k]) => /retention|keep/i.test(k));
  return {
    storage: {
      locations: Object.fromEntries(
        entries
          .filter(([k, v]) => /dir|path|location|bucket|root/i.test(k) && !/off.?site/i.test(k) && typeof v === 'string' && v.trim())
          .map(([k, v]) => [k, String(v)]),
      ),
      retention: retention && { key: retention[0], days: retentionDays(retention[1]), raw: retention[1] },
      offsite: offsite && typeof offsite[1] === 'string' && offsite[1].trim() ? { key: offsite[0], value: offsite[1] } : undefined,
    },
  };
}

/** `RETENTION_DAYS=N` settings in scripts (`${RETENTION_DAYS:-N}` defaults) and in documented cron lines, each below the minimum. */
export function shortRetentions(files: readonly string[], repoDir: string): Finding[] {
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/RETENTION_DAYS(?:=\$\{RETENTION_DAYS:-|=)(\d+)/g)]
      .filter((m) => Number(m[1]) < MIN_RETENTION_DAYS)
      .map((m) => ({
        expected: `backups kept at least ${MIN_RETENTION_DAYS} days`,
        found: `${m[0]} (${m[1]} days)`,
        where: relative(repoDir, file),
        hint: `set RETENTION_DAYS to ${MIN_RETENTION_DAYS} or more`,
      })),
  );
}
