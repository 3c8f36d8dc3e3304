import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const PROMETHEUS_PORT = 9090;
/** Paths inside the image (the same in prom/prometheus and checklist-local/prometheus:debian). */
export const PROMETHEUS_PATHS = {
  config: '/etc/prometheus/prometheus.yml',
  rules: '/etc/prometheus/alerts',
  data: '/prometheus',
  promtool: '/bin/promtool',
} as const;

/**
 * Prometheus, configured the way the reference stack runs it. Setters are named after Prometheus's own flags.
 *
 * @example
 * const prometheus = await new PrometheusContainer('prom/prometheus:v3.5.0')
 *   .withConfigFile('monitoring/prometheus.yml')
 *   .withRulesDir('monitoring/alerts')
 *   .withLifecycleApi()
 *   .start();
 * prometheus.getUrl(); // http://127.0.0.1:32771
 */
export class PrometheusContainer extends GenericContainer {
  private readonly flags = new Map<string, string | null>();

  constructor(image: string = DEFAULT_IMAGES.prometheus) {
    super(image);
    this.withExposedPorts(PROMETHEUS_PORT)
      .withWaitStrategy(new HttpReadyWaitStrategy('prometheus', '/-/ready', PROMETHEUS_PORT))
      .withStartupTimeout(60_000);
  }

  /** `--config.file`: copies `hostPath` to /etc/prometheus/prometheus.yml. */
  withConfigFile(hostPath: string): this {
    return this.withCopyFilesToContainer([{ source: hostPath, target: PROMETHEUS_PATHS.config, mode: 0o644 }]);
  }

  /** Rule files: copies the directory to /etc/prometheus/alerts (prometheus.yml says `rule_files: [alerts/*.yml]`). */
  withRulesDir(hostDir: string): this {
    return this.withCopyDirectoriesToContainer([{ source: hostDir, target: PROMETHEUS_PATHS.rules }]);
  }

  /** `--web.enable-lifecycle`: POST /-/reload and /-/quit. */
  withLifecycleApi(): this {
    return this.withFlag('--web.enable-lifecycle');
  }

  /** `--web.enable-admin-api`: TSDB snapshots, series deletion. */
  withAdminApi(): this {
    return this.withFlag('--web.enable-admin-api');
  }

  /** `--rules.alert.resend-delay`, e.g. `1s`: how soon a firing alert is sent again (the first send can be lost). */
  withAlertResendDelay(duration: string): this {
    return this.withFlag('--rules.alert.resend-delay', duration);
  }

  /** Any other flag, `--name` or `--name=value`. A later call for the same flag replaces the earlier one. */
  withFlag(name: string, value?: string): this {
    this.flags.set(name, value ?? null);
    return this;
  }

  override async start(): Promise<StartedPrometheusContainer> {
    const flags = [...this.flags].map(([name, value]) => (value === null ? name : `${name}=${value}`));
    this.withCommand([`--config.file=${PROMETHEUS_PATHS.config}`, `--storage.tsdb.path=${PROMETHEUS_PATHS.data}`, ...flags]);
    return new StartedPrometheusContainer(await super.start());
  }
}

export class StartedPrometheusContainer extends AbstractStartedContainer {
  constructor(started: StartedTestContainer) {
    super(started);
  }

  /** The host-mapped base URL, e.g. `http://127.0.0.1:32771`. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(PROMETHEUS_PORT)}`;
  }
}
