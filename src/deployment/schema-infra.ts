import { z } from 'zod';

/**
 * The variables of the host and image items (PRE-4 infrastructure, PRE-5 Docker & images). Lists
 * are comma-separated. Empty means "discover it where the target can tell" (the compose files, the
 * service URLs); an item with nothing configured and nothing discovered is not applicable.
 */
const number = (unit: string, min: number, max: number, example: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `must be a number of ${unit} (example: ${example})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max} (example: ${example})`);

const commaList = (example: string, each: (v: string) => boolean = () => true, what = 'an entry') =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((v) => v.every(each), `has ${what} that is not valid (example: ${example})`)
    .optional();

const hostPort = (v: string) => /^\[?[A-Za-z0-9.:_-]+\]?:\d{1,5}$/.test(v) && Number(v.slice(v.lastIndexOf(':') + 1)) <= 65_535;
const httpsUrl = (v: string) => URL.canParse(v) && new URL(v).protocol === 'https:';
const anyUrl = (v: string) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol);
const keyValue = (v: string) => /^[A-Za-z_][A-Za-z0-9_]*=.*$/.test(v);

export const infraEnvShape = {
  MIN_CPU_CORES: number('cores', 1, 1024, '2').default(2),
  MIN_MEMORY_GB: number('GB', 0.1, 65_536, '4').default(4),
  MIN_DISK_GB: number('GB of free disk', 0.1, 1_000_000, '50').default(50),
  DISK_PATH: z.string().trim().min(1, 'is empty (example: /var/lib/docker)').default('/'),
  MAX_LATENCY_MS: number('milliseconds', 1, 10_000, '50').default(50),
  DATA_DIRS: commaList('/var/mcp-data,/var/lib/prometheus'),
  DATA_DIR_MODE: z
    .string()
    .regex(/^0?[0-7]{3}$/, 'must be an octal mode (example: 755)')
    .transform((v) => parseInt(v, 8))
    .default(0o755),
  DATA_DIR_OWNER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be a user name or uid (example: mcp or 1000)')
    .optional(),
  CHECK_PORTS: commaList('127.0.0.1:8080,127.0.0.1:9090', hostPort, 'an entry that is not host:port'),
  CHECK_HOSTNAMES: commaList('monitoring.example.com,prometheus.example.com'),
  LB_HEALTH_URL: z.string().trim().refine(anyUrl, 'is not an http(s) URL (example: https://monitoring.example.com/api/health)').optional(),
  TLS_ENDPOINTS: commaList('https://monitoring.example.com', httpsUrl, 'an entry that is not an https:// URL'),
  TLS_MIN_DAYS: number('days', 0, 3650, '30').default(30),
  TLS_CA_FILE: z.string().trim().min(1).optional(),
  DOCKERFILE: z.string().trim().min(1, 'is empty (example: Dockerfile)').default('Dockerfile'),
  DOCKER_BUILD_CONTEXT: z.string().trim().min(1).optional(),
  DOCKER_BUILD_ARGS: commaList('NODE_IMAGE=node:20-bookworm-slim', keyValue, 'an entry that is not NAME=value'),
  BUILD_PREPARE_COMMAND: z.string().trim().min(1).optional(),
  IMAGE: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_.-]+)?$/, 'must be name[:tag] (example: mcp-memory-server:1.0.0)')
    .default('mcp-memory-server:1.0.0'),
  IMAGE_SCANNER_COMMAND: z.string().trim().min(1).default('trivy image --quiet --format json --severity CRITICAL --exit-code 5 {image}'),
  IMAGE_SCANNER_FINDINGS_EXIT: number('exit code', 1, 255, '5').default(5),
  REGISTRY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[a-z0-9._/-]+)?$/, 'must be host[:port][/namespace] (example: registry.example.com/team)')
    .optional(),
  COMPOSE_PRODUCTION_PATTERN: z
    .string()
    .refine((v) => {
      try {
        new RegExp(v);
        return true;
      } catch {
        return false;
      }
    }, 'is not a regular expression (example: prod|monitoring)')
    .default('prod|monitoring'),
};
