import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import type { infraEnvShape } from './schema-infra.js';

/** The compose files are shared with PRE-3 (schema-repo.ts declares COMPOSE_FILES once). */
type InfraEnv = z.output<z.ZodObject<typeof infraEnvShape>> & { COMPOSE_FILES?: string[] };

/** PRE-4: the host the deployment runs on. Null lists are discovered by the item (compose files, service URLs). */
export interface HostSettings {
  minCpuCores: number;
  minMemoryGb: number;
  minDiskGb: number;
  /** The filesystem whose free space is measured. */
  diskPath: string;
  /** Largest TCP connect time to a service of the deployment. */
  maxLatencyMs: number;
  /** Absolute paths; null: the host paths the compose files bind-mount. */
  dataDirs: string[] | null;
  dataDirMode: number;
  /** User name or uid; null: the `user:` of the compose service that mounts the directory. */
  dataDirOwner: string | null;
  /** host:port; null: the ports of the service URLs (app, Prometheus, Grafana, Alertmanager). */
  ports: string[] | null;
  hostnames: string[];
  lbHealthUrl: string | null;
  /** https URLs; null: the service URLs that are https. */
  tlsEndpoints: string[] | null;
  tlsMinDays: number;
  /** Extra CA certificates (PEM) trusted besides the system's, for an internal CA. */
  tlsCaFile: string | null;
}

/** PRE-5: building, scanning and publishing the application image, and the compose files. */
export interface ImageSettings {
  dockerfile: string;
  buildContext: string;
  buildArgs: Record<string, string>;
  /** Run in the repository before `docker build` (e.g. a bundle step); null: none. */
  buildPrepare: string | null;
  /** The release image, name:tag, as the registry holds it (without the registry host). */
  image: string;
  /** `{image}` is replaced by the image reference. */
  scannerCommand: string;
  /** The scanner's exit code for "findings at the severity asked for". */
  scannerFindingsExit: number;
  /** host[:port][/namespace]; null: none configured (reference mode starts its own). */
  registry: string | null;
  /** Paths; null: discovered in the repository. */
  composeFiles: string[] | null;
  /** Compose files whose name matches are production files: they must set memory and CPU limits. */
  composeProductionPattern: string;
}

export function infraSettings(env: InfraEnv, repoDir: string, baseDir: string): { host: HostSettings; images: ImageSettings } {
  const dockerfile = resolve(repoDir, env.DOCKERFILE);
  return {
    host: {
      minCpuCores: env.MIN_CPU_CORES,
      minMemoryGb: env.MIN_MEMORY_GB,
      minDiskGb: env.MIN_DISK_GB,
      diskPath: resolve(baseDir, env.DISK_PATH),
      maxLatencyMs: env.MAX_LATENCY_MS,
      dataDirs: env.DATA_DIRS?.length ? env.DATA_DIRS.map((d) => resolve(baseDir, d)) : null,
      dataDirMode: env.DATA_DIR_MODE,
      dataDirOwner: env.DATA_DIR_OWNER ?? null,
      ports: env.CHECK_PORTS?.length ? env.CHECK_PORTS : null,
      hostnames: env.CHECK_HOSTNAMES ?? [],
      lbHealthUrl: env.LB_HEALTH_URL ?? null,
      tlsEndpoints: env.TLS_ENDPOINTS?.length ? env.TLS_ENDPOINTS : null,
      tlsMinDays: env.TLS_MIN_DAYS,
      tlsCaFile: env.TLS_CA_FILE ? resolve(baseDir, env.TLS_CA_FILE) : null,
    },
    images: {
      dockerfile,
      buildContext: env.DOCKER_BUILD_CONTEXT ? resolve(repoDir, env.DOCKER_BUILD_CONTEXT) : dirname(dockerfile),
      buildArgs: Object.fromEntries((env.DOCKER_BUILD_ARGS ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
      buildPrepare: env.BUILD_PREPARE_COMMAND ?? null,
      image: env.IMAGE,
      scannerCommand: env.IMAGE_SCANNER_COMMAND,
      scannerFindingsExit: env.IMAGE_SCANNER_FINDINGS_EXIT,
      registry: env.REGISTRY ?? null,
      composeFiles: env.COMPOSE_FILES?.length ? env.COMPOSE_FILES.map((f) => resolve(repoDir, f)) : null,
      composeProductionPattern: env.COMPOSE_PRODUCTION_PATTERN,
    },
  };
}
