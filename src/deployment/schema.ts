import { z } from 'zod';
import { infraEnvShape } from './schema-infra.js';
import { repoEnvShape } from './schema-repo.js';

const httpUrl = (example: string) =>
  z
    .string({ error: `required (example: ${example})` })
    .trim()
    .min(1, `is empty (example: ${example})`)
    .refine((v) => URL.canParse(v), `is not a URL (example: ${example})`)
    .refine((v) => !URL.canParse(v) || ['http:', 'https:'].includes(new URL(v).protocol), `must start with http:// or https:// (example: ${example})`)
    .refine(
      (v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password),
      `must not carry credentials; use GRAFANA_USER / GRAFANA_PASSWORD (example: ${example})`,
    )
    .transform((v) => v.replace(/\/+$/, ''));

const positiveInt = (example: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of milliseconds (example: ${example})`)
    .transform(Number)
    .refine((n) => n >= 100 && n <= 120_000, `must be between 100 and 120000 (example: ${example})`);

const wholeNumber = (unit: string, min: number, max: number, example: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${unit} (example: ${example})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max} (example: ${example})`);

/** The load-test profiles (seed, PRE-10.1): `ci` 10 s and `release` 300 s, both at 1000 requests/s. */
export const LOAD_PROFILES = {
  ci: { rate: 1000, durationS: 10 },
  release: { rate: 1000, durationS: 300 },
} as const;

/**
 * The variables of an existing deployment's .env file (external mode). `.env.example` documents
 * each one; REQUIRED ones have no default.
 */
const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `${name} must be true or false (example: ${name}=false)` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const names = (example: string) =>
  z
    .string()
    .regex(/^\s*[A-Za-z_:][A-Za-z0-9_:]*(\s*,\s*[A-Za-z_:][A-Za-z0-9_:]*)*\s*$/, `must be a comma list of names (example: ${example})`)
    .transform((v) => v.split(',').map((n) => n.trim()));
const optionalNames = (example: string) =>
  z
    .string()
    .regex(/^\s*([A-Za-z_:][A-Za-z0-9_:]*(\s*,\s*[A-Za-z_:][A-Za-z0-9_:]*)*)?\s*$/, `must be a comma list of names (example: ${example})`)
    .transform((v) =>
      v
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
const number = (example: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `must be a number (example: ${example})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max} (example: ${example})`);
const metricName = (example: string) => z.string().regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, `must be a metric name (example: ${example})`);

/** The verification items' settings (VER-1 .. VER-7): names the seed leaves open, thresholds, log source. */
const verifySchema = {
  METRIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, 'must be a metric name prefix (example: mcp_)')
    .default('mcp_'),
  MIN_METRIC_SERIES: number('51', 0, 100_000).default(51),
  REQUIRED_METRICS: names('mcp_journal_sessions_total,mcp_journal_sessions_active').default([
    'mcp_journal_sessions_total',
    'mcp_journal_sessions_active',
    'mcp_db_connections_active',
    'mcp_vector_memory_count',
  ]),
  GAUGE_BOUNDS: z
    .string()
    .regex(
      /^\s*([A-Za-z_:][\w:]*\s*(<=|>=)\s*([A-Za-z_:][\w:]*|-?\d+(\.\d+)?)\s*(,\s*|$))*$/,
      'must be a comma list of gauge<=gauge or gauge>=number (example: mcp_db_connections_active<=mcp_db_connections_max)',
    )
    .default('mcp_db_connections_active<=mcp_db_connections_max,mcp_journal_sessions_active>=0,mcp_vector_memory_count>=0'),
  ACTIVITY_COUNTER: metricName('mcp_http_requests_total').default('mcp_http_requests_total'),
  ACTIVITY_PATH: z
    .string()
    .regex(/^\/\S*$/, 'must be a path starting with / (example: /health)')
    .default('/health'),
  SESSIONS_COUNTER: metricName('mcp_journal_sessions_total').default('mcp_journal_sessions_total'),
  SESSION_TOOL: z.string().trim().min(1).default('start_journal_session'),
  SESSION_END_TOOL: z.string().trim().min(1).default('end_journal_session'),
  SESSIONS_PANEL: z.string().trim().default(''),
  SAMPLE_MAX_AGE_S: number('60', 1, 86_400).default(60),
  ALERTS_ALLOWED: optionalNames('Watchdog,InfoInhibitor').default([]),
  LATENCY_SAMPLES: number('20', 5, 1000).default(20),
  LATENCY_P95_MS: number('100', 1, 60_000).default(100),
  MEMORY_MAX_MB: number('2048', 1, 1_048_576).default(2048),
  CPU_MAX_PERCENT: number('50', 1, 10_000).default(50),
  LEAK_WINDOW_S: number('20', 5, 120).default(20),
  LEAK_MAX_MB_PER_MIN: number('20', 0.1, 100_000).default(20),
  LOG_FILE: z.string().trim().default(''),
  LOG_COMMAND: z.string().trim().default(''),
  LOG_LINES: number('500', 10, 100_000).default(500),
  LOG_ERROR_MAX_PERCENT: number('5', 0, 100).default(5),
  LOG_CORRELATION_FIELDS: names('correlation_id,request_id').default([
    'correlation_id',
    'correlationId',
    'request_id',
    'requestId',
    'trace_id',
    'traceId',
    'reqId',
    'req_id',
  ]),
};

export const externalEnvSchema = z.object({
  ...verifySchema,
  APP_URL: httpUrl('http://localhost:8080'),
  PROMETHEUS_URL: httpUrl('http://localhost:9090'),
  ALERTMANAGER_URL: httpUrl('http://localhost:9093'),
  GRAFANA_URL: httpUrl('http://localhost:3000'),
  GRAFANA_PASSWORD: z
    .string({ error: 'required: the Grafana admin password (example: GRAFANA_PASSWORD=change-me-long)' })
    .min(4, 'is shorter than 4 characters (example: GRAFANA_PASSWORD=change-me-long)'),
  GRAFANA_USER: z.string().trim().min(1, 'is empty (example: admin)').default('admin'),
  GRAFANA_DASHBOARD_UID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, - or _ (example: journal-overview)')
    .default('journal-overview'),
  APP_JOB: z.string().trim().min(1, 'is empty (example: mcp-memory-server)').default('mcp-memory-server'),
  MCP_PATH: z
    .string()
    .regex(/^\/\S*$/, 'must be a path starting with / (example: /mcp)')
    .default('/mcp'),
  RECEIVER_URL: httpUrl('http://localhost:9095').optional(),
  SMOKE_ALERT_LABELS: z
    .string()
    .trim()
    .regex(
      /^[a-zA-Z_][a-zA-Z0-9_]*=[^,=]+(,[a-zA-Z_][a-zA-Z0-9_]*=[^,=]+)*$/,
      'must be name=value pairs separated by commas (example: severity=warning,checklist=smoke-test)',
    )
    .default('severity=warning,checklist=smoke-test')
    .transform((v) => Object.fromEntries(v.split(',').map((pair) => pair.split('=').map((x) => x.trim()) as [string, string]))),
  ANNOUNCEMENT_TEMPLATE: z
    .string()
    .trim()
    .min(1, 'is empty (example: docs/templates/deployment-announcement.md)')
    .default('docs/templates/deployment-announcement.md'),
  DEPLOY_CONFIG_FILE: z.string().trim().min(1, 'is empty (example: config.prod.yaml)').default('config.prod.yaml'),
  DEPLOY_ENV_FILE: z.string().trim().min(1, 'is empty (example: monitoring/.env)').optional(),
  DEPLOY_ENV_TEMPLATE: z.string().trim().min(1, 'is empty (example: monitoring/.env.example)').default('monitoring/.env.example'),
  APP_VERSION: z
    .string()
    .trim()
    .regex(/^v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$/, 'must be a version (example: APP_VERSION=1.0.0)')
    .optional(),
  APP_VERSION_FILE: z.string().trim().min(1, 'is empty (example: package.json)').default('package.json'),
  MONITORING_DIR: z.string().trim().min(1, 'is empty (example: ./monitoring)').default('./monitoring'),
  PROMETHEUS_IMAGE: z.string().trim().min(1).default('prom/prometheus:v3.5.0'),
  ALERTMANAGER_IMAGE: z.string().trim().min(1).default('prom/alertmanager:v0.28.1'),
  HTTP_TIMEOUT_MS: positiveInt('5000').default(5000),
  REPO_DIR: z.string().trim().min(1, 'is empty (example: .)').default('.'),
  ATTESTATIONS_FILE: z.string().trim().min(1, 'is empty (example: attestations.yaml)').default('attestations.yaml'),
  ATTESTATION_MAX_AGE_DAYS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of days (example: 30)')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3650, 'must be between 1 and 3650 (example: 30)')
    .default(30),
  WAIVERS_FILE: z.string().trim().min(1, 'is empty (example: waivers.yaml)').default('waivers.yaml'),
  CRITICAL_METRICS: z
    .string()
    .regex(
      /^\s*[a-zA-Z_:][a-zA-Z0-9_:]*(\s*,\s*[a-zA-Z_:][a-zA-Z0-9_:]*)*\s*$/,
      'must be metric names separated by commas (example: mcp_journal_sessions_total,mcp_db_connections_active)',
    )
    .transform((v) => v.split(',').map((n) => n.trim()))
    .default(['mcp_journal_sessions_total', 'mcp_journal_sessions_active', 'mcp_db_connections_active', 'mcp_vector_memory_count']),
  ERROR_RATIO_QUERY: z
    .string()
    .trim()
    .min(1, 'is empty (example: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])))')
    .default('(sum(rate(mcp_http_requests_total{status=~"5.."}[5m])) or vector(0)) / sum(rate(mcp_http_requests_total[5m]))'),
  MAX_ERROR_RATIO: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a ratio between 0 and 1 (example: 0.05)')
    .transform(Number)
    .default(0.05),
  MAX_FIRING_ALERTS: z.string().regex(/^\d+$/, 'must be a whole number (example: 10)').transform(Number).default(10),
  SLACK_WEBHOOK_URL: httpUrl('https://hooks.slack.com/services/<team>/<channel>/<token>').optional(),
  SMTP_SMARTHOST: z
    .string()
    .trim()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port (example: SMTP_SMARTHOST=127.0.0.1:2525)')
    .optional(),
  SMTP_AUTH_PASSWORD: z.string().min(4, 'is shorter than 4 characters').optional(),
  UPTIME_CHECK_URL: httpUrl('https://mcp.example.com/health').optional(),
  CHECKLIST_PROFILE: z.enum(['ci', 'release'], { error: 'must be ci or release (example: CHECKLIST_PROFILE=ci)' }).default('ci'),
  LOAD_TEST_RATE: wholeNumber('requests per second', 1, 100_000, '1000').optional(),
  LOAD_TEST_DURATION_S: wholeNumber('seconds', 1, 3_600, '10').optional(),
  LOAD_TEST_CONNECTIONS: wholeNumber('connections', 1, 1_000, '20').default(20),
  APP_COMPOSE_SERVICE: z.string().trim().min(1, 'is empty (example: mcp-memory-server)').optional(),
  CAPACITY_DOC: z.string().trim().min(1, 'is empty (example: docs/capacity-planning.md)').optional(),
  ROUTING_CASES_FILE: z.string().trim().min(1, 'is empty (example: alertmanager/routes.test.yaml)').default('alertmanager/routes.test.yaml'),
  BACKUP_DOC: z.string().trim().min(1, 'is empty (example: docs/backup.md)').default('docs/backup.md'),
  BACKUP_CONFIG_FILE: z.string().trim().min(1, 'is empty (example: config.prod.yaml)').default('config.prod.yaml'),
  PROMETHEUS_CONTAINER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'is not a container name or id (example: prometheus)')
    .optional(),
  RELEASE_TAG: z
    .string()
    .trim()
    .regex(/^[^\s~^:?*[\\]+$/, 'is not a git tag name (example: v1.0.0-phase3)')
    .optional(),
  READ_ONLY: flag('READ_ONLY').default(false),
  ALLOW_DISRUPTIVE: flag('ALLOW_DISRUPTIVE').default(false),
  ...infraEnvShape,
  ...repoEnvShape,
});

export type ExternalEnv = z.output<typeof externalEnvSchema>;
export const KNOWN_VARIABLES = Object.keys(externalEnvSchema.shape);
