import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Finding } from '../../registry/errors.js';
import type { HostSettings, ImageSettings } from '../../deployment/infra-settings.js';
import { bindMounts, discoverComposeFiles, isProduction, readCompose } from '../compose/compose.js';
import { runCommand } from '../../tools/exec-file.js';

export interface DataDir {
  path: string;
  /** Where the directory was named: DATA_DIRS, or the compose file and service that bind-mount it. */
  from: string;
  /** The owner it must have (user name or uid), or null when nothing names one. */
  owner: string | null;
}

/** A compose file's files: the configured ones, or every compose file of the repository. */
export function composeFilesOf(images: ImageSettings, repoDir: string): string[] {
  return images.composeFiles ?? discoverComposeFiles(repoDir);
}

/**
 * The data directories to check: DATA_DIRS, or else the absolute host paths that the production
 * compose files bind-mount (their owner: the service's `user:`). DATA_DIR_OWNER wins when set.
 */
export function dataDirsOf(host: HostSettings, images: ImageSettings, repoDir: string): DataDir[] {
  if (host.dataDirs) return host.dataDirs.map((path) => ({ path, from: 'DATA_DIRS', owner: host.dataDirOwner }));
  const files = composeFilesOf(images, repoDir).filter((f) => isProduction(f, images.composeProductionPattern));
  const seen = new Map<string, DataDir>();
  for (const mount of files.flatMap((f) => bindMounts(readCompose(f)))) {
    if (!isAbsolute(mount.source) || seen.has(mount.source)) continue;
    const owner = host.dataDirOwner ?? mount.user?.split(':')[0] ?? null;
    seen.set(mount.source, { path: mount.source, from: `${mount.file}, service ${mount.service} (${mount.target})`, owner });
  }
  return [...seen.values()];
}

/** The uid of a user name (or the uid itself), as this host's user database says. */
async function uidOf(owner: string): Promise<number | string> {
  if (/^\d+$/.test(owner)) return Number(owner);
  const id = await runCommand('id', ['-u', owner], { timeoutMs: 5_000 });
  return id.exitCode === 0 ? Number(id.stdout.trim()) : `no user ${owner} on this host`;
}

export interface DataDirState {
  path: string;
  exists: boolean;
  isDirectory?: boolean;
  mode?: string;
  uid?: number;
}

/** What is wrong with one data directory, if anything. */
export async function inspectDataDir(dir: DataDir, requiredMode: number): Promise<{ state: DataDirState; findings: Finding[] }> {
  const where = `${dir.path} (named by ${dir.from})`;
  const want = requiredMode.toString(8);
  const st = await stat(dir.path).catch(() => null);
  if (!st)
    return {
      state: { path: dir.path, exists: false },
      findings: [
        {
          expected: `data directory ${dir.path} to exist`,
          found: 'no such directory',
          where,
          hint: `create it: install -d -m ${want}${dir.owner ? ` -o ${dir.owner}` : ''} ${dir.path}`,
        },
      ],
    };
  const mode = (st.mode & 0o7777).toString(8);
  const state: DataDirState = { path: dir.path, exists: true, isDirectory: st.isDirectory(), mode, uid: st.uid };
  if (!st.isDirectory())
    return { state, findings: [{ expected: `${dir.path} to be a directory`, found: 'a file', where, hint: 'replace it with a directory' }] };
  const findings: Finding[] = [];
  if ((st.mode & 0o7777) !== requiredMode)
    findings.push({ expected: `mode ${want} (DATA_DIR_MODE)`, found: `mode ${mode}`, where, hint: `chmod ${want} ${dir.path}` });
  if (dir.owner === null) {
    findings.push({
      expected: 'an owner to check against (DATA_DIR_OWNER, or the `user:` of the compose service that mounts it)',
      found: `none named; the directory belongs to uid ${st.uid}`,
      where,
      hint: 'set DATA_DIR_OWNER to the service user',
    });
  } else {
    const uid = await uidOf(dir.owner);
    if (uid !== st.uid)
      findings.push({
        expected: `owner ${dir.owner}${typeof uid === 'number' ? ` (uid ${uid})` : ''}`,
        found: `uid ${st.uid}${typeof uid === 'string' ? `; ${uid}` : ''}`,
        where,
        hint: `chown ${dir.owner} ${dir.path}`,
      });
  }
  return { state, findings };
}
