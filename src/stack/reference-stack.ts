import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GenericContainer, StartedNetwork } from 'testcontainers';
import { AlertReceiverContainer, type StartedAlertReceiverContainer } from './alert-receiver-container.js';
import type { StartedAlertmanagerContainer } from './alertmanager-container.js';
import { monitoringServices } from './services.js';
import { removeRunResources } from './cleanup.js';
import { lastLogLines } from './docker-logs.js';
import { errorMessage, StackServiceError, StackStartError } from './errors.js';
import { warmUpExpectation } from './warm-up-expectation.js';
import { dashboardUids, type StartedGrafanaContainer } from './grafana-container.js';
import { warmUpStack } from './warm-up.js';
import { missingImageHint, type StackImages } from './images.js';
import { runLabels, SERVICE_LABEL } from './labels.js';
import { McpMemoryServerContainer, type StartedMcpMemoryServerContainer } from './mcp-memory-server-container.js';
import { startRunNetwork } from './network.js';
import type { StartedPrometheusContainer } from './prometheus-container.js';

export type StackService = 'app' | 'prometheus' | 'alertmanager' | 'grafana' | 'receiver';
export const STACK_SERVICES: readonly StackService[] = ['app', 'prometheus', 'alertmanager', 'grafana', 'receiver'];

/** Network aliases = compose service names (docs/dev/contracts-internal.md). */
export const STACK_ALIASES: Readonly<Record<StackService, string>> = {
  app: 'mcp-memory-server',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
  receiver: 'alert-receiver',
};

/** Where the stack finds its configuration inside `monitoringDir`. */
export const MONITORING_LAYOUT = {
  prometheusConfig: 'prometheus.yml',
  rulesDir: 'alerts',
  alertmanagerConfig: 'alertmanager/config.yml',
  grafanaDatasourcesDir: 'grafana/datasources',
  grafanaDashboardProvidersDir: 'grafana/provisioning',
  grafanaDashboardsDir: 'grafana/dashboards',
} as const;
type MonitoringFiles = Record<keyof typeof MONITORING_LAYOUT, string>;

export interface ReferenceStackOptions {
  /** Labels every resource (`io.checklist.run-id`) and names the network. */
  runId: string;
  /** The monitoring configuration tree (see MONITORING_LAYOUT). */
  monitoringDir: string;
  images: StackImages;
  /** Extra environment of the application, e.g. fault knobs. */
  appEnv?: Record<string, string>;
  /** Extra environment of the notification receiver, e.g. its fault knobs. */
  receiverEnv?: Record<string, string>;
  grafanaPassword: string;
  /** @defaultValue 'admin' */
  grafanaUser?: string;
  onProgress?: (msg: string) => void;
  /**
   * Deadline of the warm-up: first scrape, first rule evaluation (stretched for long intervals), Grafana serving the
   * provisioned dashboards. @defaultValue 30_000
   */
  warmUpTimeoutMs?: number;
}

/** Host-mapped base URLs, e.g. `http://127.0.0.1:32771`. */
export interface StackEndpoints {
  appUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  grafanaUrl: string;
  receiverUrl: string;
}

export interface StackContainers {
  app: StartedMcpMemoryServerContainer;
  prometheus: StartedPrometheusContainer;
  alertmanager: StartedAlertmanagerContainer;
  grafana: StartedGrafanaContainer;
  receiver: StartedAlertReceiverContainer;
}

export interface StartedReferenceStack {
  runId: string;
  networkName: string;
  endpoints: StackEndpoints;
  containers: StackContainers;
  /** containersReadyMs: every readiness endpoint answered; readyMs: first scrape and rule evaluation done too. */
  timings: { containersReadyMs: number; readyMs: number };
  /** The service's last `lines` log lines (stdout and stderr). */
  logs(service: StackService, lines?: number): Promise<string>;
  /** Removes the containers and the network; idempotent; throws naming anything it could not remove. */
  stop(): Promise<void>;
}

/** Absolute paths of the configuration; throws naming every path that is missing. */
export function monitoringFiles(monitoringDir: string): MonitoringFiles {
  const paths = Object.fromEntries(Object.entries(MONITORING_LAYOUT).map(([key, relative]) => [key, resolve(monitoringDir, relative)])) as MonitoringFiles;
  const missing = Object.values(paths).filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`the reference stack needs ${missing.join(', ')} (monitoring directory ${resolve(monitoringDir)})`);
  }
  return paths;
}

/**
 * Starts the reference stack: the application, Prometheus, Alertmanager, Grafana (or its stand-in) and the
 * notification receiver, in parallel on one labelled network, and returns once each answers its readiness endpoint
 * and Prometheus has scraped every job and evaluated every rule group once. On any failure everything already
 * started is removed and a StackStartError names each failed service, its condition, the elapsed time and its last
 * log lines.
 */
export async function startReferenceStack(options: ReferenceStackOptions): Promise<StartedReferenceStack> {
  const { runId, images } = options;
  const progress = options.onProgress ?? (() => undefined);
  const files = monitoringFiles(options.monitoringDir);
  const expectation = warmUpExpectation(readFileSync(files.prometheusConfig, 'utf8'));
  const t0 = performance.now();
  const since = (t: number): number => Math.round(performance.now() - t);

  let network: StartedNetwork;
  try {
    network = await startRunNetwork(runId);
  } catch (error) {
    await removeRunResources(runId).catch(() => undefined);
    throw new StackStartError(runId, [new Error(`network: could not be created: ${errorMessage(error)}`)], since(t0));
  }
  progress(`network ${network.getName()} created (${since(t0)} ms)`);

  const placed = <T extends GenericContainer>(service: StackService, container: T): T => {
    container
      .withNetwork(network)
      .withNetworkAliases(STACK_ALIASES[service])
      .withLabels({ ...runLabels(runId), [SERVICE_LABEL]: STACK_ALIASES[service] });
    return container;
  };

  const starters: { [S in StackService]: () => Promise<StackContainers[S]> } = {
    app: () => placed('app', new McpMemoryServerContainer(images.app).withEnvironment(options.appEnv ?? {})).start(),
    prometheus: () => placed('prometheus', monitoringServices.prometheus(images.prometheus, files)).start(),
    alertmanager: () => placed('alertmanager', monitoringServices.alertmanager(images.alertmanager, files, STACK_ALIASES.receiver)).start(),
    grafana: () =>
      placed('grafana', monitoringServices.grafana(images.grafana, files, { user: options.grafanaUser ?? 'admin', password: options.grafanaPassword })).start(),
    receiver: () => placed('receiver', new AlertReceiverContainer(images.receiver).withEnvironment(options.receiverEnv ?? {})).start(),
  };

  const started: Partial<StackContainers> = {};
  const failures: Error[] = [];
  await Promise.all(
    STACK_SERVICES.map(async (service) => {
      const t = performance.now();
      try {
        const container = await starters[service]();
        (started as Record<StackService, StackContainers[StackService]>)[service] = container;
        progress(`${STACK_ALIASES[service]} ready in ${since(t)} ms at ${container.getUrl()} (${images[service]})`);
      } catch (error) {
        failures.push(
          error instanceof StackServiceError
            ? error
            : new StackServiceError(
                {
                  service: STACK_ALIASES[service],
                  image: images[service],
                  condition: 'its container is created and started',
                  elapsedMs: since(t),
                  found: `start() failed: ${errorMessage(error).trimEnd()}${await missingImageHint(images[service])}`,
                },
                { cause: error },
              ),
        );
      }
    }),
  );

  const stack = handle(runId, network, started, progress);
  if (failures.length > 0) {
    await stack.stop().catch((error: unknown) => failures.push(new Error(`cleanup: ${errorMessage(error)}`)));
    throw new StackStartError(runId, failures, since(t0));
  }
  const containers = started as StackContainers;
  const containersReadyMs = since(t0);
  progress(
    `all containers ready in ${containersReadyMs} ms; waiting for the first scrape of ${expectation.jobs.join(', ') || 'no job'} and the first rule evaluation`,
  );

  const warmFailures: Error[] = await warmUpStack(containers, images, {
    expectation,
    dashboardUids: dashboardUids(files.grafanaDashboardsDir),
    timeoutMs: options.warmUpTimeoutMs ?? 30_000,
    progress,
  });
  if (warmFailures.length > 0) {
    await stack.stop().catch((error: unknown) => warmFailures.push(new Error(`cleanup: ${errorMessage(error)}`)));
    throw new StackStartError(runId, warmFailures, since(t0));
  }
  const readyMs = since(t0);
  progress(`reference stack ${runId} ready in ${readyMs} ms`);
  return {
    ...stack,
    containers,
    timings: { containersReadyMs, readyMs },
    endpoints: {
      appUrl: containers.app.getUrl(),
      prometheusUrl: containers.prometheus.getUrl(),
      alertmanagerUrl: containers.alertmanager.getUrl(),
      grafanaUrl: containers.grafana.getUrl(),
      receiverUrl: containers.receiver.getUrl(),
    },
  };
}

/** logs() and an idempotent stop() over whatever part of the stack exists. */
function handle(
  runId: string,
  network: StartedNetwork,
  containers: Partial<StackContainers>,
  progress: (msg: string) => void,
): Pick<StartedReferenceStack, 'runId' | 'networkName' | 'logs' | 'stop'> {
  let stopping: Promise<void> | undefined;
  const stopAll = async (): Promise<void> => {
    const t = performance.now();
    // SIGTERM, SIGKILL after 1 s: every service here exits on SIGTERM within milliseconds.
    await Promise.allSettled(Object.values(containers).map((c) => c.stop({ timeout: 1_000, remove: true, removeVolumes: true })));
    await network.stop().catch(() => undefined);
    // The sweep by label catches anything the handles missed (a container created by a start() that failed).
    const swept = await removeRunResources(runId);
    const extra = swept.containers.length + swept.networks.length;
    progress(`reference stack ${runId} removed in ${Math.round(performance.now() - t)} ms${extra > 0 ? ` (${extra} left-over resources swept)` : ''}`);
  };
  return {
    runId,
    networkName: network.getName(),
    async logs(service: StackService, lines = 100): Promise<string> {
      const container = containers[service];
      return container ? lastLogLines(container.getId(), lines) : `(${STACK_ALIASES[service]} has no container)`;
    },
    stop(): Promise<void> {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
