import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'dotenv';
import { KNOWN_VARIABLES, LOAD_PROFILES, externalEnvSchema } from './schema.js';
import type { Target } from './target.js';
import { registerSecret } from '../secrets/redact.js';
import { closest } from './near.js';
import { infraSettings } from './infra-settings.js';
import { repoSettings } from './repo-settings.js';

/** A .env file that cannot describe a target: one line per problem, before anything starts. */
export class TargetConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} does not describe a usable target:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TargetConfigError';
  }
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** Lines dotenv would silently drop: anything that is not blank, a comment or KEY=value. */
function malformedLines(text: string): string[] {
  const problems: string[] = [];
  let openQuote: string | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = null;
      return;
    }
    if (!line.trim() || line.trim().startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match) {
      problems.push(`line ${index + 1}: is not KEY=value (example: PROMETHEUS_URL=http://localhost:9090)`);
      return;
    }
    const value = line.slice(match[0].length).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) === -1) openQuote = quote;
  });
  if (openQuote) problems.push(`a ${openQuote} quote is never closed`);
  return problems;
}

/** Unknown names close to a known one are typos; other names (the deployment's own variables) are left alone. */
function typos(names: string[]): string[] {
  return names.flatMap((name) => {
    if (KNOWN_VARIABLES.includes(name)) return [];
    const near = closest(name, KNOWN_VARIABLES);
    return near ? [`${name}: unknown variable; did you mean ${near}?`] : [];
  });
}

/** `a<=b, c>=0` (validated by the schema) as bounds. */
function parseBounds(text: string): Target['verify']['gaugeBounds'] {
  return [...text.matchAll(/([A-Za-z_:][\w:]*)\s*(<=|>=)\s*([A-Za-z_:][\w:]*|-?\d+(?:\.\d+)?)/g)].map(([, gauge, op, bound]) => ({
    gauge: gauge!,
    op: op as '<=' | '>=',
    bound: /^-?\d/.test(bound!) ? Number(bound) : bound!,
  }));
}

/**
 * The one Target builder: variables (as a .env file names them) -> Target. Every default is the
 * schema's; relative paths are resolved against `baseDir`. Throws TargetConfigError with one line
 * per problem. The reference stack and an existing deployment both come through here.
 */
export function buildTarget(values: Record<string, string | undefined>, context: { mode: Target['mode']; baseDir: string; source: string }): Target {
  const present = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
  const parsed = externalEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new TargetConfigError(
      context.source,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  registerSecret(env.GRAFANA_PASSWORD);
  registerSecret(env.SLACK_WEBHOOK_URL);
  registerSecret(env.SMTP_AUTH_PASSWORD);
  const repoDir = resolve(context.baseDir, env.REPO_DIR);
  const monitoringDir = resolve(context.baseDir, env.MONITORING_DIR);
  const problems: string[] = [];
  if (!existsSync(monitoringDir))
    problems.push(`MONITORING_DIR: ${monitoringDir} does not exist (example: MONITORING_DIR=./monitoring, relative to the .env file)`);
  if (!existsSync(repoDir)) problems.push(`REPO_DIR: ${repoDir} does not exist (example: REPO_DIR=., relative to the .env file)`);
  if (problems.length) throw new TargetConfigError(context.source, problems);
  const attestationsFile = resolve(repoDir, env.ATTESTATIONS_FILE);
  const waiversFile = resolve(repoDir, env.WAIVERS_FILE);
  return {
    mode: context.mode,
    app: {
      url: env.APP_URL,
      mcpUrl: env.APP_URL + env.MCP_PATH,
      job: env.APP_JOB,
      expectedVersion: env.APP_VERSION ?? null,
      versionFile: resolve(repoDir, env.APP_VERSION_FILE),
    },
    prometheus: { url: env.PROMETHEUS_URL },
    alertmanager: { url: env.ALERTMANAGER_URL },
    grafana: { url: env.GRAFANA_URL, user: env.GRAFANA_USER, password: env.GRAFANA_PASSWORD, dashboardUid: env.GRAFANA_DASHBOARD_UID },
    smokeAlert: { labels: env.SMOKE_ALERT_LABELS },
    deployEnv: { file: env.DEPLOY_ENV_FILE ? resolve(repoDir, env.DEPLOY_ENV_FILE) : null, template: resolve(repoDir, env.DEPLOY_ENV_TEMPLATE) },
    announcement: { template: resolve(repoDir, env.ANNOUNCEMENT_TEMPLATE), configFile: resolve(repoDir, env.DEPLOY_CONFIG_FILE) },
    receiver: env.RECEIVER_URL ? { url: env.RECEIVER_URL } : null,
    repoDir,
    monitoringDir,
    routingCasesFile: resolve(monitoringDir, env.ROUTING_CASES_FILE),
    backup: { doc: resolve(repoDir, env.BACKUP_DOC), configFile: resolve(repoDir, env.BACKUP_CONFIG_FILE) },
    releaseTag: env.RELEASE_TAG ?? null,
    prometheusContainer: env.PROMETHEUS_CONTAINER ?? null,
    toolImages: { prometheus: env.PROMETHEUS_IMAGE, alertmanager: env.ALERTMANAGER_IMAGE },
    attestations: { file: existsSync(attestationsFile) ? attestationsFile : null, maxAgeDays: env.ATTESTATION_MAX_AGE_DAYS },
    waivers: { file: existsSync(waiversFile) ? waiversFile : null },
    rollback: {
      criticalMetrics: env.CRITICAL_METRICS,
      errorRatioQuery: env.ERROR_RATIO_QUERY,
      maxErrorRatio: env.MAX_ERROR_RATIO,
      maxFiringAlerts: env.MAX_FIRING_ALERTS,
    },
    integrations: {
      slackWebhookUrl: env.SLACK_WEBHOOK_URL ?? null,
      smtpSmarthost: env.SMTP_SMARTHOST ?? null,
      smtpAuthPassword: env.SMTP_AUTH_PASSWORD ?? null,
      uptimeCheckUrl: env.UPTIME_CHECK_URL ?? null,
    },
    loadTest: {
      profile: env.CHECKLIST_PROFILE,
      rate: env.LOAD_TEST_RATE ?? LOAD_PROFILES[env.CHECKLIST_PROFILE].rate,
      durationS: env.LOAD_TEST_DURATION_S ?? LOAD_PROFILES[env.CHECKLIST_PROFILE].durationS,
      connections: env.LOAD_TEST_CONNECTIONS,
    },
    capacity: { doc: env.CAPACITY_DOC ? resolve(repoDir, env.CAPACITY_DOC) : null, appService: env.APP_COMPOSE_SERVICE ?? null },
    readOnly: env.READ_ONLY,
    allowDisruptive: env.ALLOW_DISRUPTIVE,
    httpTimeoutMs: env.HTTP_TIMEOUT_MS,
    verify: {
      metricPrefix: env.METRIC_PREFIX,
      minMetricSeries: env.MIN_METRIC_SERIES,
      requiredMetrics: env.REQUIRED_METRICS,
      gaugeBounds: parseBounds(env.GAUGE_BOUNDS),
      activityCounter: env.ACTIVITY_COUNTER,
      activityPath: env.ACTIVITY_PATH,
      sessionsCounter: env.SESSIONS_COUNTER,
      sessionTool: env.SESSION_TOOL,
      sessionEndTool: env.SESSION_END_TOOL,
      sessionsPanel: env.SESSIONS_PANEL,
      sampleMaxAgeS: env.SAMPLE_MAX_AGE_S,
      alertsAllowed: env.ALERTS_ALLOWED,
      latencySamples: env.LATENCY_SAMPLES,
      latencyP95Ms: env.LATENCY_P95_MS,
      memoryMaxMb: env.MEMORY_MAX_MB,
      cpuMaxPercent: env.CPU_MAX_PERCENT,
      leakWindowS: env.LEAK_WINDOW_S,
      leakMaxMbPerMin: env.LEAK_MAX_MB_PER_MIN,
      logFile: env.LOG_FILE ? resolve(context.baseDir, env.LOG_FILE) : null,
      logCommand: env.LOG_COMMAND || null,
      logLines: env.LOG_LINES,
      logErrorMaxPercent: env.LOG_ERROR_MAX_PERCENT,
      logCorrelationFields: env.LOG_CORRELATION_FIELDS,
    },
    ...infraSettings(env, repoDir, context.baseDir),
    ...repoSettings(env, repoDir, context.baseDir),
    runId: null,
  };
}

/**
 * Reads an existing deployment's .env file into a Target (external mode). Nothing is contacted:
 * this only validates, so a bad file is rejected before anything starts.
 */
export function loadExternalTarget(file: string, overrides: Record<string, string> = {}): Target {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new TargetConfigError(file, [`the file does not exist (copy .env.example to ${file} and fill it in)`]);
  }
  const text = readFileSync(path, 'utf8');
  const values = parse(text);
  const problems = [...malformedLines(text), ...typos(Object.keys(values))];
  let target: Target | undefined;
  try {
    target = buildTarget({ ...values, ...overrides }, { mode: 'external', baseDir: dirname(path), source: file });
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length || !target) throw new TargetConfigError(file, problems);
  return target;
}
