import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../deployment/target.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { AlertmanagerClient } from '../probes/alertmanager.js';
import { GrafanaClient } from '../probes/grafana.js';
import { jsonOf } from '../probes/http.js';
import type { CheckedParts } from '../signoff/checked-parts.js';

/** What a run verified, read from the parts themselves: the sign-off and the Allure environment show it. */
export type Checked = CheckedParts;

const settle = async <T>(p: Promise<T>): Promise<T | string> =>
  p.catch((e: unknown) => `unknown (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);

/** Asks each part its version (build info, /api/v2/status, /api/health). Unreachable parts read "unknown (why)". */
export async function describeChecked(target: Target, images: Record<string, string>, sampleAttestations: boolean): Promise<Checked> {
  const timeout = Math.min(target.httpTimeoutMs, 5_000);
  const [prom, am, graf] = await Promise.all([
    settle(new PrometheusClient(target.prometheus.url, timeout).buildinfo().then((b) => b.version)),
    settle(new AlertmanagerClient(target.alertmanager.url, timeout).status().then((s) => s.versionInfo.version)),
    settle(
      new GrafanaClient(target.grafana.url, target.grafana.user, target.grafana.password, timeout)
        .health()
        .then((res) => jsonOf<{ version?: string; commit?: string }>(res)),
    ),
  ]);
  const health = typeof graf === 'string' ? { version: graf } : graf;
  const standIn = typeof graf !== 'string' && graf.commit === 'standin';
  return {
    mode: target.mode,
    prometheus: { url: target.prometheus.url, version: prom },
    alertmanager: { url: target.alertmanager.url, version: am },
    grafana: { url: target.grafana.url, product: standIn ? 'Grafana stand-in (not Grafana)' : 'Grafana', version: health.version ?? 'unknown', standIn },
    app: { url: target.app.url, job: target.app.job },
    images,
    attestations: { file: target.attestations.file, sample: sampleAttestations },
  };
}

/** Allure's environment block (environment.properties in the results directory). */
export function writeAllureEnvironment(resultsDir: string, checked: Checked, extra: Record<string, string> = {}): void {
  const rows: Record<string, string> = {
    mode: checked.mode,
    Prometheus: `${checked.prometheus.version} at ${checked.prometheus.url}`,
    Alertmanager: `${checked.alertmanager.version} at ${checked.alertmanager.url}`,
    Grafana: `${checked.grafana.product} ${checked.grafana.version} at ${checked.grafana.url}`,
    application: `${checked.app.url} (job ${checked.app.job})`,
    attestations: checked.attestations.file ? `${checked.attestations.file}${checked.attestations.sample ? ' (SAMPLE)' : ''}` : 'none',
    ...Object.fromEntries(Object.entries(checked.images).map(([k, v]) => [`image.${k}`, v])),
    ...extra,
  };
  const escape = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/([=:])/g, '\\$1');
  writeFileSync(
    join(resultsDir, 'environment.properties'),
    Object.entries(rows)
      .map(([k, v]) => `${escape(k)}=${escape(v)}`)
      .join('\n') + '\n',
  );
}
