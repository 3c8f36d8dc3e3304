import { describe, expect, it } from 'vitest';
import { cpuGate } from './gate.js';

describe('the catalogue gate', () => {
  const track = () => {
    let now = 0;
    let peak = 0;
    const work = async () => {
      peak = Math.max(peak, ++now);
      // A run that lasts a turn of the event loop: the others asking at the same moment see it running.
      await new Promise((r) => setImmediate(r));
      now--;
    };
    return { work, peak: () => peak };
  };

  it('admits min runs at once on a busy host, and more only while the CPU has room', async () => {
    const busy = track();
    const closed = cpuGate({ min: 2, max: 4, busyBelow: 0, windowMs: 10, deadlineMs: 60_000 });
    await Promise.all(Array.from({ length: 6 }, () => closed.run(busy.work)));
    expect(busy.peak()).toBe(2);
    const idle = track();
    const open = cpuGate({ min: 2, max: 4, busyBelow: 1.01, windowMs: 0, deadlineMs: 60_000 });
    await Promise.all(Array.from({ length: 8 }, () => open.run(idle.work)));
    expect(idle.peak()).toBe(4);
  });
});
