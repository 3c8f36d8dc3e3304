import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const ALERT_RECEIVER_PORT = 9095;

/**
 * The notification receiver fixture (fixtures/alert-receiver): records what Alertmanager posts to /webhook and
 * /slack and serves it back on GET /payloads.
 */
export class AlertReceiverContainer extends GenericContainer {
  constructor(image: string = DEFAULT_IMAGES.receiver) {
    super(image);
    this.withExposedPorts(ALERT_RECEIVER_PORT)
      .withWaitStrategy(new HttpReadyWaitStrategy('alert-receiver', '/-/ready', ALERT_RECEIVER_PORT))
      .withStartupTimeout(30_000);
  }

  override async start(): Promise<StartedAlertReceiverContainer> {
    return new StartedAlertReceiverContainer(await super.start());
  }
}

export class StartedAlertReceiverContainer extends AbstractStartedContainer {
  constructor(started: StartedTestContainer) {
    super(started);
  }

  /** The host-mapped base URL, e.g. `http://127.0.0.1:32773`. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(ALERT_RECEIVER_PORT)}`;
  }

  /** The URL Alertmanager posts to from inside the network, for `path` `/webhook` or `/slack`. */
  static internalUrl(path: '/webhook' | '/slack', alias = 'alert-receiver'): string {
    return `http://${alias}:${ALERT_RECEIVER_PORT}${path}`;
  }
}
