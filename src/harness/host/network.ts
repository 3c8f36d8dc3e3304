import { lookup } from 'node:dns/promises';
import type { Target } from '../../deployment/target.js';
import type { Finding } from '../../registry/errors.js';
import { hostPortOf, tcpConnect, type TcpAttempt } from '../../probes/tcp.js';
import { exchange } from '../../probes/http.js';

/** The deployment's service URLs, by part. */
export function serviceUrls(target: Target): Record<string, string> {
  return { app: target.app.url, prometheus: target.prometheus.url, grafana: target.grafana.url, alertmanager: target.alertmanager.url };
}

/** The ports to check: CHECK_PORTS, or those of the service URLs; each with what names it. */
export function portsOf(target: Target): { address: string; name: string }[] {
  if (target.host.ports) return target.host.ports.map((address) => ({ address, name: 'CHECK_PORTS' }));
  return Object.entries(serviceUrls(target)).map(([name, url]) => ({ address: hostPortOf(url), name: `${name} (${url})` }));
}

/**
 * The network latency to `address`: the fastest of `tries` TCP connects (like ping's min RTT, the
 * least disturbed by scheduling on a busy checklist machine); all must connect, else the failed attempt.
 */
export async function connectLatency(address: string, timeoutMs: number, tries = 5): Promise<TcpAttempt & { samplesMs: number[] }> {
  const samplesMs: number[] = [];
  for (let i = 0; i < tries; i++) {
    const a = await tcpConnect(address, timeoutMs);
    if (!a.ok) return { ...a, samplesMs };
    samplesMs.push(a.elapsedMs);
  }
  return { address, ok: true, elapsedMs: Math.min(...samplesMs), samplesMs };
}

export interface Resolution {
  hostname: string;
  addresses: string[];
  error?: string;
}

/** Resolves a hostname as the system resolver does (/etc/hosts, then DNS), with a deadline. */
export async function resolveHost(hostname: string, timeoutMs: number): Promise<Resolution> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
  try {
    const found = await Promise.race([lookup(hostname, { all: true }), deadline]);
    return { hostname, addresses: found.map((a) => a.address) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { hostname, addresses: [], error: e.code ?? e.message };
  } finally {
    clearTimeout(timer);
  }
}

/** The load balancer's health URL must answer 2xx; a refusal is a finding here (the LB is the thing checked). */
export async function lbHealthFinding(url: string, timeoutMs: number): Promise<{ finding?: Finding; seen: string }> {
  const hint = 'point the load balancer health check at the monitoring endpoint and make sure it routes to a healthy backend';
  try {
    const res = await exchange(url, { timeoutMs });
    const seen = `${res.status} in ${res.elapsedMs} ms`;
    if (res.status >= 200 && res.status < 300) return { seen };
    return {
      seen,
      finding: {
        expected: 'the load balancer health URL to answer 2xx',
        found: `${res.status}: ${res.body.slice(0, 200)}`,
        where: `GET ${url} (LB_HEALTH_URL)`,
        hint,
      },
    };
  } catch (error) {
    const seen = error instanceof Error ? error.message : String(error);
    return { seen, finding: { expected: 'the load balancer health URL to answer', found: seen, where: `LB_HEALTH_URL=${url}`, hint } };
  }
}
