import { registerSecret } from '../secrets/redact.js';

/** Everything a test needs to reach the deployment it checks. The only thing that differs between runs. */
export interface Target {
  /** `reference`: the stack the suite started; `external`: a deployment named in a .env file. */
  mode: 'reference' | 'external';
  app: { url: string; mcpUrl: string; job: string };
  prometheus: { url: string };
  alertmanager: { url: string };
  grafana: { url: string; user: string; password: string; dashboardUid: string };
  /** Where notifications Alertmanager sends can be read back; null when the deployment has none. */
  receiver: { url: string } | null;
  /** The deployment's monitoring configuration tree (prometheus.yml, alerts/, alertmanager/, grafana/). */
  monitoringDir: string;
  /** Images whose promtool / amtool validate the configuration, so versions match what runs. */
  toolImages: { prometheus: string; alertmanager: string };
  httpTimeoutMs: number;
}

/** The environment variable through which the runner hands the target to test workers. */
export const TARGET_ENV = 'CHECKLIST_TARGET';

export function serializeTarget(target: Target): string {
  return JSON.stringify(target);
}

/** The target of this run, as the runner handed it over; registers its secrets for redaction. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const raw = env[TARGET_ENV];
  if (!raw) return undefined;
  const target = JSON.parse(raw) as Target;
  registerSecret(target.grafana.password);
  return target;
}
