import { getContainerRuntimeClient, type BoundPorts } from 'testcontainers';
import { exchange } from '../probes/http.js';
import { pollUntil } from '../probes/poll.js';
import { lastLogLines } from './docker-logs.js';
import { errorMessage, StackServiceError } from './errors.js';
import { TimedWaitStrategy, type EngineContainer } from './timed-wait-strategy.js';

/** What one readiness attempt saw: the status the service answered, or why it did not. */
interface Attempt {
  status?: number;
  found: string;
}

/**
 * Readiness of an HTTP service: `GET path` on `port` answers 200, polled with the one poller over the one HTTP path
 * (one attempt per read timeout). It fails fast when the container exits, and turns a failure into a
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
    const { host } = (await getContainerRuntimeClient()).info.containerRuntime;
    const url = `http://${host}:${boundPorts.getBinding(this.port)}${this.path}`;
    const attempt = async (): Promise<Attempt> => {
      const answer = await exchange(url, { timeoutMs: this.readTimeoutMs }).then<Attempt, Attempt>(
        (res) => ({ status: res.status, found: `it answered ${res.status}` }),
        (error: unknown) => ({ found: errorMessage(error) }),
      );
      if (answer.status === 200) return answer;
      const state = await describeState(container);
      if (state.exited) throw await this.failure(container, performance.now() - started, state.found);
      return answer;
    };
    const started = performance.now();
    const result = await pollUntil(attempt, (a) => a.status === 200, { timeoutMs: this.startupTimeoutMs, intervalMs: this.readTimeoutMs });
    if (!result.ok) throw await this.failure(container, result.elapsedMs, `the container is running but never answered 200 (last: ${result.value.found})`);
  }

  private async failure(container: EngineContainer, elapsedMs: number, found: string): Promise<StackServiceError> {
    const { image } = await describeState(container);
    return new StackServiceError({
      service: this.service,
      image,
      containerId: container.id,
      condition: this.condition,
      elapsedMs: Math.round(elapsedMs),
      found,
      logs: await lastLogLines(container.id),
    });
  }
}

async function describeState(container: EngineContainer): Promise<{ image?: string; exited: boolean; found: string }> {
  try {
    const info = await container.inspect();
    const state = info.State;
    if (state.Status === 'exited' || state.Status === 'dead') {
      return {
        image: info.Config.Image,
        exited: true,
        found: `the container ${state.Status} with code ${state.ExitCode}${state.OOMKilled ? ' (OOM-killed)' : ''}`,
      };
    }
    return { image: info.Config.Image, exited: false, found: `the container is ${state.Status}` };
  } catch (error) {
    return { exited: false, found: `the container could not be inspected (${errorMessage(error)})` };
  }
}
