import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** One service of a compose file with the resource limits it declares (null = none). */
export interface ServiceLimits {
  file: string;
  service: string;
  image: string | null;
  memoryBytes: number | null;
  cpus: number | null;
  /** The values as written, for messages. */
  written: { memory?: string; cpus?: string };
}

const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'reports', 'coverage']);

/** Compose files of a repository: its root and folders down to `depth` levels (node_modules and the like skipped). */
export function composeFiles(repoDir: string, depth = 2): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && COMPOSE_FILE.test(entry.name)) found.push(join(dir, entry.name));
      else if (entry.isDirectory() && level < depth && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), level + 1);
    }
  };
  walk(repoDir, 0);
  return found.sort();
}

/** `${VAR:-default}` / `${VAR-default}` as compose resolves them with VAR unset; other variables stay as written. */
export function withDefaults(value: string): string {
  let out = value;
  for (let i = 0; i < 5 && /\$\{[A-Za-z_]\w*:?-[^{}]*\}/.test(out); i++) out = out.replace(/\$\{[A-Za-z_]\w*:?-([^{}]*)\}/g, '$1');
  return out;
}

/** Compose's byte values: 1G, 512M, 256m, 1gb, 1.5g, 1073741824 (units are powers of 1024). */
export function parseBytes(value: unknown): number | null {
  if (typeof value === 'number') return value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(withDefaults(value));
  if (!m) return null;
  const power = ['', 'k', 'm', 'g', 't'].indexOf(m[2]!.toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power) || null;
}

export function parseCpus(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(withDefaults(value)) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Every service of every compose file with its limits (`deploy.resources.limits`, or the legacy `mem_limit` / `cpus`). */
export function serviceLimits(repoDir: string, files = composeFiles(repoDir)): ServiceLimits[] {
  return files.flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { services?: Record<string, Record<string, unknown> | null> } | null;
    return Object.entries(doc?.services ?? {}).map(([service, def]): ServiceLimits => {
      const limits = ((def?.deploy as { resources?: { limits?: Record<string, unknown> } } | undefined)?.resources?.limits ?? {}) as Record<string, unknown>;
      const memory = limits.memory ?? def?.mem_limit;
      const cpus = limits.cpus ?? def?.cpus;
      return {
        file: relative(repoDir, file),
        service,
        image: typeof def?.image === 'string' ? withDefaults(def.image) : null,
        memoryBytes: parseBytes(memory),
        cpus: parseCpus(cpus),
        written: { ...(memory !== undefined ? { memory: String(memory) } : {}), ...(cpus !== undefined ? { cpus: String(cpus) } : {}) },
      };
    });
  });
}

/** An image's repository without registry host, tag or digest: registry.example.com/mcp-memory-server:1.0.0 -> mcp-memory-server. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return (colon > lastSlash ? noDigest.slice(0, colon) : noDigest).split('/').pop()!;
}

/**
 * The compose services that define the application: APP_COMPOSE_SERVICE when given; else those
 * named like the Prometheus job, or whose image is the running container's image.
 */
export function appServices(all: ServiceLimits[], hints: { service: string | null; job: string; runningImage?: string }): ServiceLimits[] {
  if (hints.service) return all.filter((s) => s.service === hints.service);
  const running = hints.runningImage ? imageName(hints.runningImage) : null;
  return all.filter((s) => s.service === hints.job || (running !== null && s.image !== null && imageName(s.image) === running));
}
