import { lastLogLines } from './docker-logs.js';
import { errorMessage, StackServiceError } from './errors.js';
import { waitForFirstScrapeAndEvaluation } from './first-scrape.js';
import type { WarmUpExpectation } from './warm-up-expectation.js';
import type { StartedGrafanaContainer } from './grafana-container.js';
import type { StackImages } from './images.js';
import type { StartedPrometheusContainer } from './prometheus-container.js';

/**
 * The last step of "ready", after every container answered its readiness endpoint: Prometheus has scraped every job
 * and evaluated every rule group once (and found its Alertmanagers), and Grafana serves every provisioned dashboard.
 * Both are awaited in parallel; returns one StackServiceError per service that did not get there (none: ready).
 */
export async function warmUpStack(
  containers: { prometheus: StartedPrometheusContainer; grafana: StartedGrafanaContainer },
  images: Pick<StackImages, 'prometheus' | 'grafana'>,
  options: {
    expectation: WarmUpExpectation;
    dashboardUids: readonly string[];
    timeoutMs: number;
    progress: (msg: string) => void;
  },
): Promise<StackServiceError[]> {
  const { expectation, progress, timeoutMs, dashboardUids: uids } = options;
  const started = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - started);
  const [prometheusWarm, grafanaWarm] = await Promise.allSettled([
    waitForFirstScrapeAndEvaluation(containers.prometheus.getUrl(), expectation, {
      timeoutMs,
      onProgress: progress,
    }),
    containers.grafana.waitForDashboards(uids, { timeoutMs }),
  ]);
  const failures: StackServiceError[] = [];
  if (prometheusWarm.status === 'fulfilled') {
    progress(
      `prometheus scraped ${prometheusWarm.value.targets} targets and evaluated ${prometheusWarm.value.groups} rule groups in ${prometheusWarm.value.elapsedMs} ms`,
    );
  } else {
    failures.push(
      new StackServiceError({
        service: 'prometheus',
        image: images.prometheus,
        containerId: containers.prometheus.getId(),
        condition: `a first scrape of every job (${expectation.jobs.join(', ')}) and a first evaluation of every rule group${expectation.alertmanagers > 0 ? ', and its Alertmanagers discovered' : ''}`,
        elapsedMs: elapsedMs(),
        found: errorMessage(prometheusWarm.reason),
        logs: await lastLogLines(containers.prometheus.getId()),
      }),
    );
  }
  if (grafanaWarm.status === 'fulfilled') {
    if (uids.length > 0) progress(`grafana serves dashboards ${uids.join(', ')} (${grafanaWarm.value} ms)`);
  } else {
    failures.push(
      new StackServiceError({
        service: 'grafana',
        image: images.grafana,
        containerId: containers.grafana.getId(),
        condition: `GET /api/dashboards/uid/<uid> answers 200 for every provisioned dashboard (${uids.join(', ')})`,
        elapsedMs: elapsedMs(),
        found: errorMessage(grafanaWarm.reason),
        logs: await lastLogLines(containers.grafana.getId()),
      }),
    );
  }
  return failures;
}
