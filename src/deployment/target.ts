import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { registerSecret } from '../secrets/redact.js';
import type { HostSettings, ImageSettings } from './infra-settings.js';
import type { CodeSettings, ConfigSettings, DocsSettings } from './repo-settings.js';

/** Everything a test needs to reach the deployment it checks. The only thing that differs between runs. */
export interface Target {
  /** `reference`: the stack the suite started; `external`: a deployment named in a .env file. */
  mode: 'reference' | 'external';
  /**
   * `expectedVersion`: the version the deployment must run (APP_VERSION), or null to take it from
   * `versionFile` (APP_VERSION_FILE: a package.json in the target's repository).
   */
  app: { url: string; mcpUrl: string; job: string; expectedVersion: string | null; versionFile: string };
  prometheus: { url: string };
  alertmanager: { url: string };
  grafana: { url: string; user: string; password: string; dashboardUid: string };
  /**
   * DEP-1.4: the announcement template of the target's repository and the deployment's configuration
   * file whose values (`{{config.a.b}}`) it names; both absolute.
   */
  announcement: { template: string; configFile: string };
  /**
   * DEP-2.1: the deployment's own environment file (null when not named) and the template that marks
   * its REQUIRED variables; both absolute.
   */
  deployEnv: { file: string | null; template: string };
  /** Labels of the test alert SMOKE-3.2 posts to Alertmanager (besides its alertname), which decide where it is routed. */
  smokeAlert: { labels: Record<string, string> };
  /** Where notifications Alertmanager sent can be read back; null when the deployment has none. */
  receiver: { url: string } | null;
  /** The target's repository (code, docs, compose files): what the pre-deployment items read. */
  repoDir: string;
  /** The deployment's monitoring configuration tree (prometheus.yml, alerts/, alertmanager/, grafana/). */
  monitoringDir: string;
  /** Alerts and where the routing tree must send them (RoutingCase data), in the monitoring tree. */
  routingCasesFile: string;
  /** The backup procedure's document and the configuration file whose `backup:` section says where, how long and off-site. */
  backup: { doc: string; configFile: string };
  /** Prometheus' container on this engine, through which the backup script copies the snapshot; null: the one publishing PROMETHEUS_URL's port. */
  prometheusContainer: string | null;
  /** The release tag DEP-1.2 requires; null: any tag pointing at the repository's HEAD. */
  releaseTag: string | null;
  /** Images whose promtool / amtool validate the configuration, so versions match what runs. */
  toolImages: { prometheus: string; alertmanager: string };
  /** The people's decisions (attestations.ts): the file, or null when there is none, and how old one may be. */
  attestations: { file: string | null; maxAgeDays: number };
  /** Waivers of the target (src/deployment/waivers.ts): the file, or null when there is none. */
  waivers: { file: string | null };
  /**
   * When to recommend a rollback (RB-0): the metrics that must be collected, the error-ratio query and
   * its limit, and how many firing alerts make an alert storm. The 20 % degradation is the seed's.
   */
  rollback: { criticalMetrics: string[]; errorRatioQuery: string; maxErrorRatio: number; maxFiringAlerts: number };
  /**
   * External dependencies (PRE-9), each null when not given. Whether Slack and email are used is read
   * from the Alertmanager configuration, not from these.
   */
  integrations: {
    /** The Slack webhook the Slack receivers post to (a secret), for configs that read it from a file. */
    slackWebhookUrl: string | null;
    /** host:port the suite talks SMTP to instead of the configured smarthost. */
    smtpSmarthost: string | null;
    /** The password of the configured `auth_username` (a secret). */
    smtpAuthPassword: string | null;
    /** The URL the external uptime check probes; null = no external monitoring. */
    uptimeCheckUrl: string | null;
  };
  /** The load test of the metrics endpoint (PRE-10.1): the profile's rate and duration unless overridden. */
  loadTest: { profile: 'ci' | 'release'; rate: number; durationS: number; connections: number };
  /** Capacity (PRE-10.2, PRE-10.3): the capacity plan and the application's compose service, null = discovered. */
  capacity: { doc: string | null; appService: string | null };
  /** Items that write to the target are skipped (registry `writes`). */
  readOnly: boolean;
  /** Disruptive items (stop, restore) may run against this target. */
  allowDisruptive: boolean;
  httpTimeoutMs: number;
  /** PRE-4 (the host) and PRE-5 (images, registry, compose files): see infra-settings.ts. */
  host: HostSettings;
  images: ImageSettings;
  /** PRE-1 (code quality), PRE-2 (documentation), PRE-3 (configuration): see repo-settings.ts. */
  code: CodeSettings;
  docs: DocsSettings;
  config: ConfigSettings;
  /** Reference mode: the run id the stack's containers carry (io.checklist.run-id); null otherwise. */
  runId: string | null;
  /** What the verification items (VER-1 .. VER-7) look for, and their thresholds. */
  verify: VerifySettings;
}

/** Settings of the verification items; every name the seed leaves open has a default (schema.ts). */
export interface VerifySettings {
  /** The application's metric families start with this. */
  metricPrefix: string;
  minMetricSeries: number;
  requiredMetrics: string[];
  /** Declared bounds of gauges: `a<=b` (another gauge) or `a>=0` (a number). */
  gaugeBounds: { gauge: string; op: '<=' | '>='; bound: string | number }[];
  /** A counter that requests to `activityPath` move. */
  activityCounter: string;
  activityPath: string;
  sessionsCounter: string;
  sessionTool: string;
  sessionEndTool: string;
  /** The panel that shows the sessions (title); empty = discovered from the panels' queries. */
  sessionsPanel: string;
  sampleMaxAgeS: number;
  alertsAllowed: string[];
  latencySamples: number;
  latencyP95Ms: number;
  memoryMaxMb: number;
  cpuMaxPercent: number;
  leakWindowS: number;
  leakMaxMbPerMin: number;
  /** Where the application's logs are read in external mode: a file, or a command printing them. */
  logFile: string | null;
  logCommand: string | null;
  logLines: number;
  logErrorMaxPercent: number;
  logCorrelationFields: string[];
}

/** The environment variable that names the file through which the runner hands the target to test workers. */
export const TARGET_FILE_ENV = 'CHECKLIST_TARGET_FILE';

/**
 * Writes the target for the runners, readable by the user only (it holds the Grafana password): a
 * file in the run's own temporary directory, never an environment variable that children inherit.
 */
export function writeTargetFile(path: string, target: Target): void {
  writeFileSync(path, JSON.stringify(target), { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads a target file written by writeTargetFile(); registers its secrets for redaction. */
export function readTargetFile(path: string): Target {
  const target = JSON.parse(readFileSync(path, 'utf8')) as Target;
  registerSecret(target.grafana.password);
  registerSecret(target.integrations?.slackWebhookUrl ?? undefined);
  registerSecret(target.integrations?.smtpAuthPassword ?? undefined);
  return target;
}
