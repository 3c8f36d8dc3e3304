import type { BoundPorts, WaitStrategy } from 'testcontainers';

/** The engine-level container a wait strategy receives (dockerode's Container). */
export type EngineContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/**
 * The startup-timeout bookkeeping every wait strategy shares (testcontainers keeps its own
 * AbstractWaitStrategy internal): a deadline in ms, and whether someone set it.
 */
export abstract class TimedWaitStrategy implements WaitStrategy {
  protected startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  abstract waitUntilReady(container: EngineContainer, boundPorts: BoundPorts, startTime?: Date): Promise<void>;
}
