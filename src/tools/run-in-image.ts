import { randomUUID } from 'node:crypto';
import { pollUntil } from '../probes/poll.js';
import { GenericContainer, getContainerRuntimeClient } from 'testcontainers';
import { demuxDockerOutput, lastLogLines } from '../stack/docker-logs.js';
import { removeLabelled } from '../stack/cleanup.js';
import { errorMessage, StackServiceError } from '../stack/errors.js';
import { missingImageHint } from '../stack/images.js';
import { runLabels } from '../stack/labels.js';
import { TimedWaitStrategy, type EngineContainer } from '../stack/timed-wait-strategy.js';

export interface RunInImageOptions {
  image: string;
  /** Replaces the image's ENTRYPOINT, e.g. `['/bin/promtool']`. */
  entrypoint?: string[];
  args: string[];
  /** Host files copied in before the start. */
  files?: { source: string; target: string }[];
  /** Host directories copied in (recursively) before the start. */
  dirs?: { source: string; target: string }[];
  /** Generated files written in before the start. */
  contents?: { content: string; target: string }[];
  env?: Record<string, string>;
  /** Network mode; `none` by default (a one-shot check needs no network). */
  network?: string;
  /** Labels it with `io.checklist.run-id`; a per-process id by default. */
  runId?: string;
  timeoutMs: number;
}

export interface RunInImageResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Waits until the container has exited, whatever its exit code (testcontainers' one-shot strategy fails on non-zero). */
class ExitedWaitStrategy extends TimedWaitStrategy {
  constructor(private readonly describe: string) {
    super();
  }

  async waitUntilReady(container: EngineContainer): Promise<void> {
    const exited = await pollUntil(
      () => container.inspect(),
      (info) => info.State.Status === 'exited' || info.State.Status === 'dead',
      { timeoutMs: this.startupTimeoutMs, intervalMs: 25 },
    );
    if (exited.ok) return;
    throw new StackServiceError({
      service: this.describe,
      image: exited.value.Config.Image,
      containerId: container.id,
      condition: `the one-shot container exits within ${this.startupTimeoutMs} ms`,
      elapsedMs: exited.elapsedMs,
      found: `it is still ${exited.value.State.Status}`,
      logs: await lastLogLines(container.id),
    });
  }
}

/**
 * Runs a one-shot container (e.g. `promtool check config` inside the Prometheus image, so the tool's version is the
 * deployed one) and returns its exit code and output. The container is labelled like the run's and always removed.
 *
 * @example
 * const { exitCode, stdout } = await runInImage({
 *   image: 'prom/prometheus:v3.5.0', entrypoint: ['/bin/promtool'], args: ['check', 'config', '/etc/prometheus/prometheus.yml'],
 *   files: [{ source: 'monitoring/prometheus.yml', target: '/etc/prometheus/prometheus.yml' }], timeoutMs: 20_000,
 * });
 */
export async function runInImage(options: RunInImageOptions): Promise<RunInImageResult> {
  const started = performance.now();
  const command = [...(options.entrypoint ?? []), ...options.args].join(' ');
  // A label of its own: the container is found and removed even when start() failed after creating it.
  const oneShotLabel = { key: 'io.checklist.one-shot', value: randomUUID() };
  const container = new GenericContainer(options.image)
    .withCommand(options.args)
    .withLabels({ ...runLabels(options.runId ?? `oneshot-${process.pid}`), [oneShotLabel.key]: oneShotLabel.value })
    .withNetworkMode(options.network ?? 'none')
    .withWaitStrategy(new ExitedWaitStrategy(`one-shot \`${command}\``))
    .withStartupTimeout(options.timeoutMs);
  if (options.entrypoint) container.withEntrypoint(options.entrypoint);
  if (options.env) container.withEnvironment(options.env);
  if (options.files?.length) container.withCopyFilesToContainer(options.files.map((f) => ({ ...f, mode: 0o644 })));
  if (options.dirs?.length) container.withCopyDirectoriesToContainer(options.dirs);
  if (options.contents?.length) container.withCopyContentToContainer(options.contents.map((c) => ({ ...c, mode: 0o644 })));

  try {
    const exited = await container.start();
    const engine = (await getContainerRuntimeClient()).container.getById(exited.getId());
    const [info, output] = await Promise.all([engine.inspect(), engine.logs({ follow: false, stdout: true, stderr: true })]);
    const { stdout, stderr } = demuxDockerOutput(Buffer.isBuffer(output) ? output : Buffer.from(String(output)));
    return { exitCode: info.State.ExitCode, stdout, stderr, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof StackServiceError) throw error;
    throw new Error(
      `one-shot \`${command}\` in ${options.image} failed after ${Math.round(performance.now() - started)} ms: ${errorMessage(error).trimEnd()}${await missingImageHint(options.image)}`,
      { cause: error },
    );
  } finally {
    await removeLabelled(`${oneShotLabel.key}=${oneShotLabel.value}`);
  }
}
