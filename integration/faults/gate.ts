import { hostCpuTimes } from '../../src/probes/instrument.js';
import { pollUntil } from '../../src/probes/poll.js';

export interface GateOptions {
  /** Runs admitted whatever the host's load: the catalogue always makes progress. */
  min: number;
  /** Runs at once at most. */
  max: number;
  /** A run beyond `min` starts only while the host's CPU was less busy than this share (0..1) over the last `windowMs`. */
  busyBelow: number;
  /** The window the host's CPU is measured over, and the least time between two admissions beyond `min` (a run needs a few seconds to reach its CPU use). */
  windowMs: number;
  /** The longest a run waits for a slot beyond `min`: then it starts anyway (a busy machine slows the catalogue, never stops it). */
  deadlineMs: number;
}

/**
 * Admits fault runs by what the machine can carry: `min` at once always, up to `max` while its CPU
 * has room. Most of a fault run waits (a scrape, an evaluation, a deadline the item polls to), so an
 * idle CPU takes more runs; a busy one (other files of npm test, a slower machine) keeps to `min`,
 * where items that judge latency on this host still see the target rather than the machine.
 */
export function cpuGate(options: GateOptions): { run<T>(work: () => Promise<T>): Promise<T> } {
  let running = 0;
  let lastAdmittedAt = 0;
  let sample = { at: performance.now(), ...hostCpuTimes() };
  let busy = 1;
  /** The host's busy share since the last sample, refreshed at most once per window. */
  const hostBusy = (): number => {
    const now = performance.now();
    if (now - sample.at < options.windowMs) return busy;
    const next = { at: now, ...hostCpuTimes() };
    busy = (next.busy - sample.busy) / Math.max(1, next.total - sample.total);
    sample = next;
    return busy;
  };
  const admissible = () =>
    running < options.min || (running < options.max && performance.now() - lastAdmittedAt >= options.windowMs && hostBusy() < options.busyBelow);
  return {
    async run(work) {
      // Checked and taken in one step: runs that ask at the same moment never pass on the same count.
      const admit = async () => {
        if (!admissible()) return false;
        running++;
        lastAdmittedAt = performance.now();
        return true;
      };
      const admitted = await pollUntil(admit, Boolean, { timeoutMs: options.deadlineMs, intervalMs: 250 });
      if (!admitted.ok) running++;
      try {
        return await work();
      } finally {
        running--;
      }
    },
  };
}
