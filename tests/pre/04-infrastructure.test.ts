// Seed section: 4. Infrastructure (CRITICAL). The host, as the machine the checklist runs on sees it.
import { item } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import { measureHost, resourceFindings } from '../../src/harness/host/resources.js';
import { dataDirsOf, inspectDataDir } from '../../src/harness/host/data-dirs.js';
import { connectLatency, lbHealthFinding, portsOf, resolveHost, serviceUrls } from '../../src/harness/host/network.js';
import { hostPortOf, tcpConnect } from '../../src/probes/tcp.js';
import { inspectTls, tlsFindings, trustedCas } from '../../src/harness/host/tls.js';

item('PRE-4.1', async ({ target, evidence }) => {
  const s = target.host;
  const services = Object.entries(serviceUrls(target));
  const [measured, latencies] = await Promise.all([
    measureHost(s.diskPath),
    Promise.all(services.map(async ([name, url]) => ({ name, ...(await connectLatency(hostPortOf(url), target.httpTimeoutMs)) }))),
  ]);
  await evidence.json('measured', {
    ...measured,
    latencyMs: Object.fromEntries(latencies.map((l) => [l.name, l.ok ? { min: l.elapsedMs, samples: l.samplesMs } : l.error])),
    minimums: { cpuCores: s.minCpuCores, memoryGb: s.minMemoryGb, diskFreeGb: s.minDiskGb, latencyMs: s.maxLatencyMs },
  });
  checkAll([
    ...resourceFindings(measured, s),
    ...latencies.map(
      (l) =>
        (!l.ok || l.elapsedMs > s.maxLatencyMs) && {
          expected: `a TCP connect within ${s.maxLatencyMs} ms (MAX_LATENCY_MS)`,
          found: l.ok ? `${l.elapsedMs} ms (the fastest of ${l.samplesMs.length} connects: ${l.samplesMs.join(', ')} ms)` : `no connection: ${l.error}`,
          where: `${l.name} at ${l.address}`,
          hint: 'run the monitoring stack close to the application (same host or network)',
        },
    ),
  ]);
});

item('PRE-4.2', async ({ target, evidence, notApplicable }) => {
  const dirs = dataDirsOf(target.host, target.images, target.repoDir);
  if (!dirs.length) notApplicable('not-configured', 'no DATA_DIRS, and the production compose files bind-mount no host directory (only named volumes)');
  const inspected = await Promise.all(dirs.map((d) => inspectDataDir(d, target.host.dataDirMode)));
  await evidence.json(
    'data directories',
    inspected.map((r, i) => ({ ...r.state, from: dirs[i]!.from, requiredOwner: dirs[i]!.owner, requiredMode: target.host.dataDirMode.toString(8) })),
  );
  checkAll(inspected.flatMap((r) => r.findings));
});

item('PRE-4.3', async ({ target, evidence }) => {
  const ports = portsOf(target);
  const attempts = await Promise.all(ports.map(async (p) => ({ ...p, ...(await tcpConnect(p.address, target.httpTimeoutMs)) })));
  await evidence.json('TCP connections', attempts);
  checkAll(
    attempts.map(
      (a) =>
        !a.ok && {
          expected: `${a.address} to accept TCP connections`,
          found: a.error ?? 'no connection',
          where: `${a.address}, named by ${a.name}`,
          hint: 'start the service listening there, or open the port in the firewall / security group',
        },
    ),
  );
});

item('PRE-4.4', async ({ target, evidence, notApplicable }) => {
  const { hostnames, lbHealthUrl } = target.host;
  if (!hostnames.length && !lbHealthUrl)
    notApplicable('not-configured', 'no CHECK_HOSTNAMES and no LB_HEALTH_URL: the target names no DNS name or load balancer');
  const [resolved, lb] = await Promise.all([
    Promise.all(hostnames.map((h) => resolveHost(h, target.httpTimeoutMs))),
    lbHealthUrl ? lbHealthFinding(lbHealthUrl, target.httpTimeoutMs) : undefined,
  ]);
  await evidence.json('DNS and load balancer', { resolved, loadBalancer: lbHealthUrl ? { url: lbHealthUrl, answer: lb?.seen } : 'not configured' });
  checkAll([
    ...resolved.map(
      (r) =>
        !r.addresses.length && {
          expected: `${r.hostname} to resolve`,
          found: r.error ?? 'no address',
          where: `the system resolver of this host (CHECK_HOSTNAMES)`,
          hint: `add the DNS record for ${r.hostname} (A/AAAA or CNAME to the load balancer)`,
        },
    ),
    lb?.finding,
  ]);
});

item('PRE-4.5', async ({ target, evidence, notApplicable }) => {
  const endpoints = target.host.tlsEndpoints ?? Object.values(serviceUrls(target)).filter((u) => u.startsWith('https:'));
  if (!endpoints.length) notApplicable('not-configured', 'no TLS_ENDPOINTS, and none of the service URLs is https');
  const cas = trustedCas(target.host.tlsCaFile);
  const reports = await Promise.all(endpoints.map((e) => inspectTls(e, cas, target.httpTimeoutMs)));
  await evidence.json('certificates', reports);
  checkAll(reports.flatMap((r) => tlsFindings(r, target.host.tlsMinDays)));
});
