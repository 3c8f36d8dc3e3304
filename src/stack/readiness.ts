import { Wait, type BoundPorts } from 'testcontainers';
import { lastLogLines } from './docker-logs.js';
import { errorMessage, StackServiceError } from './errors.js';
import { TimedWaitStrategy, type EngineContainer } from './timed-wait-strategy.js';

/**
 * Readiness of an HTTP service: `GET path` on `port` answers 200. Testcontainers' `Wait.forHttp` does the polling
 * (one attempt per read timeout, failing fast when the container exits); this strategy turns a failure into a
 * StackServiceError naming the service, the condition, the elapsed time and the container's last log lines.
 */
export class HttpReadyWaitStrategy extends TimedWaitStrategy {
  /**
   * @param readTimeoutMs each attempt's timeout, also the interval between attempts. The default, 100 ms, finds a
   * Go service ready within ~0.1 s of its listening; a slow-starting service (Grafana) gets a longer one.
   */
  constructor(
    readonly service: string,
    readonly path: string,
    readonly port: number,
    private readonly readTimeoutMs = 100,
  ) {
    super();
  }

  get condition(): string {
    return `GET ${this.path} on port ${this.port} answers 200 within ${this.startupTimeoutMs} ms`;
  }

  async waitUntilReady(container: EngineContainer, boundPorts: BoundPorts): Promise<void> {
    const started = performance.now();
    const http = Wait.forHttp(this.path, this.port, { abortOnContainerExit: true })
      .forStatusCode(200)
      .withReadTimeout(this.readTimeoutMs)
      .withStartupTimeout(this.startupTimeoutMs);
    try {
      await http.waitUntilReady(container, boundPorts);
    } catch (error) {
      const elapsedMs = Math.round(performance.now() - started);
      const { image, found } = await describeState(container);
      throw new StackServiceError(
        {
          service: this.service,
          image,
          containerId: container.id,
          condition: this.condition,
          elapsedMs,
          found,
          logs: await lastLogLines(container.id),
        },
        { cause: error },
      );
    }
  }
}

async function describeState(container: EngineContainer): Promise<{ image?: string; found: string }> {
  try {
    const info = await container.inspect();
    const state = info.State;
    if (state.Status === 'exited' || state.Status === 'dead') {
      return {
        image: info.Config.Image,
        found: `the container ${state.Status} with code ${state.ExitCode}${state.OOMKilled ? ' (OOM-killed)' : ''}`,
      };
    }
    return { image: info.Config.Image, found: `the container is ${state.Status} but never answered 200` };
  } catch (error) {
    return { found: `the container could not be inspected (${errorMessage(error)})` };
  }
}
