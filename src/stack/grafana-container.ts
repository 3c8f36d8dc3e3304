import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { GrafanaClient } from '../probes/grafana.js';
import { pollUntil } from '../probes/poll.js';
import { errorMessage } from './errors.js';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const GRAFANA_PORT = 3000;
/** Paths inside the image: Grafana's own, which the stand-in fixture follows. */
export const GRAFANA_PATHS = {
  datasources: '/etc/grafana/provisioning/datasources',
  dashboardProviders: '/etc/grafana/provisioning/dashboards',
  dashboards: '/var/lib/grafana/dashboards',
} as const;

/**
 * Grafana, or the stand-in fixture with the same contract (fixtures/grafana-standin). Provisioning is copied into
 * the container; the admin comes from GF_SECURITY_ADMIN_USER / GF_SECURITY_ADMIN_PASSWORD. Real Grafana is kept off
 * the internet (no usage reports, update checks, news or plugin preinstalls).
 *
 * @example
 * const grafana = await new GrafanaContainer('grafana/grafana:12.2.0')
 *   .withAdminPassword(password)
 *   .withDatasourcesDir('monitoring/grafana/datasources')
 *   .withDashboardProvidersDir('monitoring/grafana/provisioning')
 *   .withDashboardsDir('monitoring/grafana/dashboards')
 *   .start();
 */
export class GrafanaContainer extends GenericContainer {
  private adminUser = 'admin';
  private adminPassword = 'admin';

  constructor(image: string = DEFAULT_IMAGES.grafana) {
    super(image);
    this.withExposedPorts(GRAFANA_PORT)
      // Real Grafana runs its migrations before it answers: allow it time, and slower answers while it starts.
      .withWaitStrategy(new HttpReadyWaitStrategy('grafana', '/api/health', GRAFANA_PORT, 500))
      .withStartupTimeout(120_000)
      .withEnvironment({
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
        GF_NEWS_NEWS_FEED_ENABLED: 'false',
        GF_PLUGINS_PREINSTALL_DISABLED: 'true',
      });
  }

  /** `GF_SECURITY_ADMIN_USER` (default `admin`). */
  withAdminUser(user: string): this {
    this.adminUser = user;
    return this;
  }

  /** `GF_SECURITY_ADMIN_PASSWORD`. */
  withAdminPassword(password: string): this {
    this.adminPassword = password;
    return this;
  }

  /** Datasource provisioning: every *.yaml / *.yml file of `hostDir` into /etc/grafana/provisioning/datasources. */
  withDatasourcesDir(hostDir: string): this {
    return this.withCopyFilesToContainer(filesOf(hostDir, /\.ya?ml$/, GRAFANA_PATHS.datasources));
  }

  /** Dashboard providers: every *.yaml / *.yml file of `hostDir` into /etc/grafana/provisioning/dashboards. */
  withDashboardProvidersDir(hostDir: string): this {
    return this.withCopyFilesToContainer(filesOf(hostDir, /\.ya?ml$/, GRAFANA_PATHS.dashboardProviders));
  }

  /** Dashboards: every *.json file of `hostDir` into /var/lib/grafana/dashboards (the provider's `options.path`). */
  withDashboardsDir(hostDir: string): this {
    return this.withCopyFilesToContainer(filesOf(hostDir, /\.json$/, GRAFANA_PATHS.dashboards));
  }

  override async start(): Promise<StartedGrafanaContainer> {
    this.withEnvironment({ GF_SECURITY_ADMIN_USER: this.adminUser, GF_SECURITY_ADMIN_PASSWORD: this.adminPassword });
    return new StartedGrafanaContainer(await super.start(), this.adminUser, this.adminPassword);
  }
}

export class StartedGrafanaContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly adminUser: string,
    private readonly adminPassword: string,
  ) {
    super(started);
  }

  /** The host-mapped base URL, e.g. `http://127.0.0.1:32774`. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(GRAFANA_PORT)}`;
  }

  /**
   * Grafana answers /api/health before its file provisioner has loaded the dashboards: polls
   * `GET /api/dashboards/uid/<uid>` (as the admin, every `intervalMs`, through the probe client) until each answers
   * 200. Throws an Error saying which uids were still missing, what they answered and how long it waited.
   */
  async waitForDashboards(uids: readonly string[], options: { timeoutMs: number; intervalMs?: number }): Promise<number> {
    const grafana = new GrafanaClient(this.getUrl(), this.adminUser, this.adminPassword, 1_000);
    const answers = new Map<string, string>();
    const served = new Set<string>();
    const result = await pollUntil(
      async () => {
        const pending = uids.filter((uid) => !served.has(uid));
        await Promise.all(
          pending.map(async (uid) => {
            const answer = await grafana.dashboard(uid).then(
              (res) => String(res.status),
              (error: unknown) => errorMessage(error),
            );
            answers.set(uid, answer);
            if (answer === '200') served.add(uid);
          }),
        );
        return uids.filter((uid) => !served.has(uid));
      },
      (pending) => pending.length === 0,
      { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 100 },
    );
    if (!result.ok) {
      const missing = result.value.map((uid) => `${uid} (${answers.get(uid) ?? 'no answer'})`).join(', ');
      throw new Error(`after ${result.elapsedMs} ms dashboards still not served: ${missing}`);
    }
    return result.elapsedMs;
  }
}

/** The uids of the dashboard JSON files of `dir` (files without a uid, or not JSON, are left to the checklist). */
export function dashboardUids(dir: string): string[] {
  return filesOf(dir, /\.json$/, GRAFANA_PATHS.dashboards).flatMap(({ source }) => {
    try {
      const json = JSON.parse(readFileSync(source, 'utf8')) as { uid?: unknown; dashboard?: { uid?: unknown } };
      const uid = json.uid ?? json.dashboard?.uid;
      return typeof uid === 'string' && uid !== '' ? [uid] : [];
    } catch {
      return [];
    }
  });
}

/** The regular files of `dir` whose names match, each targeted into `targetDir`; throws naming a missing dir. */
function filesOf(dir: string, pattern: RegExp, targetDir: string): { source: string; target: string; mode: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot read Grafana provisioning directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return names
    .filter((name) => pattern.test(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ source: join(dir, name), target: `${targetDir}/${name}`, mode: 0o644 }));
}
