import { formatLogBlock } from './docker-logs.js';

/** What went wrong with one service of the stack: the diagnosis a failure message (and its Allure evidence) carries. */
export interface ServiceFailure {
  /** The service, by its network alias. @example 'prometheus' */
  service: string;
  image?: string;
  containerId?: string;
  /** The condition that did not hold. @example 'GET /-/ready on port 9090 answers 200 within 60000 ms' */
  condition: string;
  /** How long the suite waited before giving up. */
  elapsedMs: number;
  /** What it saw instead. @example 'the container exited with code 1' */
  found: string;
  /** The container's last log lines, when there is a container. */
  logs?: string;
}

export function formatServiceFailure(f: ServiceFailure): string {
  const where = [f.image ? `image ${f.image}` : undefined, f.containerId ? `container ${f.containerId.slice(0, 12)}` : undefined]
    .filter((part) => part !== undefined)
    .join(', ');
  const head = `${f.service}${where ? ` (${where})` : ''}: expected ${f.condition}, but after ${f.elapsedMs} ms ${f.found}.`;
  return f.logs === undefined ? head : `${head}\n${formatLogBlock(`Last log lines of ${f.service}:`, f.logs)}`;
}

/** A service of the reference stack did not start or did not become ready. */
export class StackServiceError extends Error {
  override readonly name = 'StackServiceError';
  constructor(
    readonly failure: ServiceFailure,
    options?: { cause?: unknown },
  ) {
    super(formatServiceFailure(failure), options);
  }
}

/** The stack did not start; `failures` has one entry per service that failed (the others were stopped). */
export class StackStartError extends Error {
  override readonly name = 'StackStartError';
  constructor(
    readonly runId: string,
    readonly failures: readonly Error[],
    elapsedMs: number,
  ) {
    super(
      `reference stack ${runId} did not start (${elapsedMs} ms; everything it had started was removed):\n` +
        failures.map((failure) => failure.message).join('\n\n'),
    );
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
