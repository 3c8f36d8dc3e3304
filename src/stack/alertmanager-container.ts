import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const ALERTMANAGER_PORT = 9093;
/** Paths inside the image (the same in prom/alertmanager and checklist-local/alertmanager:debian). */
export const ALERTMANAGER_PATHS = {
  config: '/etc/alertmanager/config.yml',
  slackWebhookUrlFile: '/etc/alertmanager/secrets/slack-webhook-url',
  data: '/alertmanager',
  amtool: '/bin/amtool',
} as const;

/**
 * Alertmanager, one instance. Setters are named after Alertmanager's flags. Clustering is off by default
 * (`--cluster.listen-address=`): a single test instance has no peers, and gossip settling only delays it.
 *
 * @example
 * const alertmanager = await new AlertmanagerContainer('prom/alertmanager:v0.28.1')
 *   .withConfigFile('monitoring/alertmanager/config.yml')
 *   .withSlackWebhookUrl('http://alert-receiver:9095/slack')
 *   .start();
 */
export class AlertmanagerContainer extends GenericContainer {
  constructor(image: string = DEFAULT_IMAGES.alertmanager) {
    super(image);
    this.withExposedPorts(ALERTMANAGER_PORT)
      .withWaitStrategy(new HttpReadyWaitStrategy('alertmanager', '/-/ready', ALERTMANAGER_PORT))
      .withStartupTimeout(60_000);
  }

  /** `--config.file`: copies `hostPath` to /etc/alertmanager/config.yml. */
  withConfigFile(hostPath: string): this {
    return this.withCopyFilesToContainer([{ source: hostPath, target: ALERTMANAGER_PATHS.config, mode: 0o644 }]);
  }

  /**
   * Writes the Slack webhook URL to /etc/alertmanager/secrets/slack-webhook-url, the file the configuration's
   * `api_url_file` names. The URL is a secret: it is written into the container, never put into a flag or the env.
   */
  withSlackWebhookUrl(url: string): this {
    // 0644: the official image runs as `nobody`, and the file is created root-owned by the copy.
    return this.withCopyContentToContainer([{ content: `${url}\n`, target: ALERTMANAGER_PATHS.slackWebhookUrlFile, mode: 0o644 }]);
  }

  override async start(): Promise<StartedAlertmanagerContainer> {
    this.withCommand([
      `--config.file=${ALERTMANAGER_PATHS.config}`,
      `--storage.path=${ALERTMANAGER_PATHS.data}`,
      // Empty: no clustering (a single Alertmanager).
      '--cluster.listen-address=',
    ]);
    return new StartedAlertmanagerContainer(await super.start());
  }
}

export class StartedAlertmanagerContainer extends AbstractStartedContainer {
  constructor(started: StartedTestContainer) {
    super(started);
  }

  /** The host-mapped base URL, e.g. `http://127.0.0.1:32772`. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(ALERTMANAGER_PORT)}`;
  }
}
