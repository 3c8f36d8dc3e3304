import { setTimeout as delay } from 'node:timers/promises';

export interface PollResult<T> {
  ok: boolean;
  /** The last value seen: what a failure message reports as "found". */
  value: T;
  elapsedMs: number;
  /** The deadline that applied in the end (`timeoutMs`, or longer when `stretchTo` asked for it). */
  deadlineMs: number;
  attempts: number;
}

export interface PollOptions<T> {
  timeoutMs: number;
  /** The wait between attempts. @defaultValue 200 */
  intervalMs?: number;
  /**
   * A longer deadline a value may call for (e.g. a rule group whose interval is longer than the
   * timeout); the deadline never shrinks.
   */
  stretchTo?: (value: T) => number;
  /** Called after each attempt that is not done, e.g. to report progress. */
  onAttempt?: (value: T, elapsedMs: number) => void;
}

/**
 * The one poller: calls `probe` until `done(value)` holds or the deadline passes. Never a fixed
 * sleep: it waits only between attempts, and reports what it saw last so the caller can say what
 * was found. A probe that throws ends the poll with its error (catch inside the probe to go on).
 */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, options: PollOptions<T>): Promise<PollResult<T>> {
  const started = performance.now();
  const pollIntervalMs = options.intervalMs ?? 200;
  let deadlineMs = options.timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    const value = await probe();
    const elapsedMs = Math.round(performance.now() - started);
    if (done(value)) return { ok: true, value, elapsedMs, deadlineMs, attempts };
    if (options.stretchTo) deadlineMs = Math.max(deadlineMs, options.stretchTo(value));
    options.onAttempt?.(value, elapsedMs);
    if (elapsedMs + pollIntervalMs > deadlineMs) return { ok: false, value, elapsedMs, deadlineMs, attempts };
    await delay(pollIntervalMs);
  }
}
