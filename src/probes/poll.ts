import { setTimeout as delay } from 'node:timers/promises';

export interface PollResult<T> {
  ok: boolean;
  /** The last value seen: what a failure message reports as "found". */
  value: T;
  elapsedMs: number;
  attempts: number;
}

/**
 * Polls `probe` until `done(value)` holds or the deadline passes. Never a fixed sleep: it waits only
 * between attempts, and reports what it saw last so the caller can say what was found.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<PollResult<T>> {
  const started = performance.now();
  const pollIntervalMs = options.intervalMs ?? 200;
  let attempts = 0;
  for (;;) {
    attempts++;
    const value = await probe();
    const elapsedMs = Math.round(performance.now() - started);
    if (done(value)) return { ok: true, value, elapsedMs, attempts };
    if (elapsedMs + pollIntervalMs > options.timeoutMs) return { ok: false, value, elapsedMs, attempts };
    await delay(pollIntervalMs);
  }
}
