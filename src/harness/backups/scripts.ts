import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ItemBroken } from '../../registry/errors.js';

/** The deployment's backup and restore scripts, as the seed names them, relative to its repository. */
export const BACKUP_SCRIPTS = {
  backupPrometheus: 'scripts/backup_prometheus.sh',
  backupGrafana: 'scripts/backup_grafana.sh',
  restorePrometheus: 'scripts/restore_prometheus.sh',
  restoreGrafana: 'scripts/restore_grafana.sh',
} as const;

export interface ScriptRun {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs one of the repository's scripts with bash, a deadline and only the environment it is given (plus PATH, HOME, TMPDIR, DOCKER_HOST). */
export function runScript(repoDir: string, script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ScriptRun> {
  const path = join(repoDir, script);
  if (!existsSync(path)) throw new ItemBroken(`${script} does not exist in ${repoDir}`);
  const base = Object.fromEntries(['PATH', 'HOME', 'TMPDIR', 'DOCKER_HOST'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const started = performance.now();
  return new Promise((done) => {
    execFile('bash', [path, ...args], { cwd: repoDir, env: { ...base, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error.killed ? 124 : 1) : 0;
      const timedOut = error?.killed ? `\n(killed after ${timeoutMs} ms)` : '';
      done({ command: [script, ...args].join(' '), exitCode: code, stdout, stderr: stderr + timedOut, elapsedMs: Math.round(performance.now() - started) });
    });
  });
}

/** Every file under `dir` with its size, for the evidence and the checks. */
export function listFiles(dir: string): { path: string; bytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = join(e.parentPath, e.name);
      return { path: relative(dir, full), bytes: statSync(full).size };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const dockerOut = (args: string[]): Promise<string> =>
  new Promise((done, fail) =>
    execFile('docker', args, { timeout: 15_000 }, (error, stdout, stderr) =>
      error ? fail(new ItemBroken(`docker ${args.join(' ')}: ${stderr.trim() || error.message}`)) : done(stdout),
    ),
  );

/** The container of this engine that publishes the URL's port (the way the scripts reach Prometheus' data); undefined when none does. */
export async function containerPublishing(url: string): Promise<string | undefined> {
  const port = new URL(url).port;
  const lines = (await dockerOut(['ps', '--format', '{{.ID}}\t{{.Ports}}'])).split('\n');
  // IPv4 and IPv6 bindings of one container get different host ports: match the address the URL names.
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const bindings = host.includes(':') ? [`[${host}]`, '[::]'] : [host, '0.0.0.0'];
  return lines.find((l) => (l.split('\t')[1] ?? '').split(', ').some((b) => bindings.some((h) => b.startsWith(`${h}:${port}->`))))?.split('\t')[0];
}

/** The uid an image runs as (its USER): 0 for root or none, 65534 for nobody. */
export async function imageUid(image: string): Promise<string> {
  const user = (await dockerOut(['image', 'inspect', '-f', '{{.Config.User}}', image])).trim().split(':')[0] ?? '';
  if (user === '' || user === 'root') return '0';
  return /^\d+$/.test(user) ? user : '65534';
}
