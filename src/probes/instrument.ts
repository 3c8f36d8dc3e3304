import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How the machine that measured was doing while it measured: a latency is read by this process's
 * clock, so a host without spare CPU or an event loop held up makes a target look slower than it is.
 */
export interface InstrumentLoad {
  /** This process's CPU as a share of one core. */
  cpuOfOneCore: number;
  /** How late this process's event loop ran at p99 (ms): responses are read that much late. */
  eventLoopDelayP99Ms: number;
  /** The share of all the host's cores that was busy (0..1). */
  hostCpuBusy: number;
  hostCores: number;
}

/** A host busier than this share of all its cores leaves neither the instrument nor a co-located target the CPU it needs. */
export const HOST_SATURATED = 0.9;
/**
 * An instrument whose event loop is held up longer than this (p99) reads responses late: its clock
 * is off by as much, a fifth of a 100 ms budget, so a near miss is the instrument's.
 */
export const INSTRUMENT_STARVED_MS = 20;

/** Busy and total CPU time of all the host's cores since boot (ms). */
export function hostCpuTimes(): { busy: number; total: number } {
  return cpus().reduce(
    (acc, c) => {
      const total = c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
      return { busy: acc.busy + total - c.times.idle, total: acc.total + total };
    },
    { busy: 0, total: 0 },
  );
}

/** Starts watching this process and its host; `stop()` says how they did since. */
export function watchInstrument(): { stop(): InstrumentLoad } {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  const host0 = hostCpuTimes();
  const t0 = performance.now();
  loop.enable();
  return {
    stop() {
      loop.disable();
      const wallMs = Math.max(1, performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      const host1 = hostCpuTimes();
      return {
        cpuOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100) / 100,
        eventLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
        hostCpuBusy: Math.round(((host1.busy - host0.busy) / Math.max(1, host1.total - host0.total)) * 100) / 100,
        hostCores: cpus().length,
      };
    },
  };
}

/** Why a near miss measured under `load` may be the instrument's rather than the target's, or null when the instrument was sound. */
export function instrumentImpaired(load: InstrumentLoad, instrument = 'the measuring process'): string | null {
  const busy = `${Math.round(load.hostCpuBusy * 100)} % busy of ${load.hostCores} cores`;
  // On the reference stack the instrument and the target share this host's cores: a saturated host measures the machine.
  if (load.hostCpuBusy >= HOST_SATURATED) return `the host ${instrument} runs on was saturated (${busy})`;
  if (load.eventLoopDelayP99Ms > INSTRUMENT_STARVED_MS)
    return `${instrument} was starved of CPU (its event loop was held up ${load.eventLoopDelayP99Ms} ms at p99, more than ${INSTRUMENT_STARVED_MS} ms; host CPU ${busy})`;
  return null;
}
