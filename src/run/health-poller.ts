import { exchange } from '../probes/http.js';
import { appendLine, type HealthSample } from '../harness/record.js';

/**
 * Probes the application's health endpoint through the whole run and records every answer in
 * `<run dir>/health.jsonl`: SO-3's downtime and SO-4's "zero unplanned downtime" are computed from
 * it. One probe at a time, the next `intervalMs` after the previous one ended. The URL is asked for
 * at every probe: the rollback drill restarts the application, which may then answer on another port.
 */
export function startHealthPoller(
  healthUrl: () => string,
  dir: string,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): { stop: () => Promise<void> } {
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const probe = async (): Promise<void> => {
    const t = Date.now();
    let sample: HealthSample;
    try {
      const res = await exchange(healthUrl(), { timeoutMs });
      sample = { t, ok: res.status === 200, ms: res.elapsedMs, ...(res.status === 200 ? {} : { detail: `HTTP ${res.status}` }) };
    } catch (error) {
      sample = { t, ok: false, ms: Date.now() - t, detail: error instanceof Error ? error.message.split('\n')[0] : String(error) };
    }
    appendLine(dir, 'health', sample);
    if (!stopped) timer = setTimeout(() => (current = probe()), intervalMs);
  };
  current = probe();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
