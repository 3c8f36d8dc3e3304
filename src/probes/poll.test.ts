import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll.js';

describe('pollUntil', () => {
  it('returns at the first attempt that is done, with the value and the count', async () => {
    let n = 0;
    const result = await pollUntil(
      async () => ++n,
      (v) => v === 3,
      { timeoutMs: 1_000, intervalMs: 5 },
    );
    expect(result).toMatchObject({ ok: true, value: 3, attempts: 3, deadlineMs: 1_000 });
  });

  it('gives up at the deadline, reporting the last value seen and calling onAttempt for each miss', async () => {
    const seen: number[] = [];
    const result = await pollUntil(
      async () => 7,
      () => false,
      { timeoutMs: 60, intervalMs: 20, onAttempt: (v) => seen.push(v) },
    );
    expect(result.ok).toBe(false);
    expect(result.value).toBe(7);
    expect(seen.length).toBe(result.attempts);
  });

  it('stretches the deadline when a value asks for longer, and never shrinks it', async () => {
    const result = await pollUntil(
      async () => 0,
      () => false,
      { timeoutMs: 40, intervalMs: 20, stretchTo: (v) => (v === 0 ? 100 : 1) },
    );
    expect(result.deadlineMs).toBe(100);
    expect(result.elapsedMs).toBeGreaterThan(40);
    const shrink = await pollUntil(
      async () => 1,
      () => false,
      { timeoutMs: 40, intervalMs: 20, stretchTo: () => 1 },
    );
    expect(shrink.deadlineMs).toBe(40);
  });

  it('ends with the error of a probe that throws', async () => {
    await expect(
      pollUntil(
        () => Promise.reject(new Error('refused')),
        () => true,
        { timeoutMs: 100 },
      ),
    ).rejects.toThrow('refused');
  });
});
