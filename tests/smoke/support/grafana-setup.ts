import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Target } from '../../../src/deployment/target.js';
import { allPanels, type DashboardModel, type Datasource, type GrafanaClient, type SearchHit } from '../../../src/probes/grafana.js';
import { jsonOf, type HttpExchange } from '../../../src/probes/http.js';
import type { Finding } from '../../../src/registry/errors.js';

/** What the tree provisions into Grafana: datasources (provisioning YAML) and dashboards (their uids). */
function treeProvisioning(monitoringDir: string): { datasources: { name: string; uid?: string }[]; dashboards: { file: string; uid: string }[] } {
  const dir = (p: string) => join(monitoringDir, 'grafana', p);
  const files = (p: string, ext: RegExp) =>
    existsSync(dir(p))
      ? readdirSync(dir(p))
          .filter((f) => ext.test(f))
          .map((f) => join(dir(p), f))
      : [];
  const datasources = files('datasources', /\.ya?ml$/).flatMap((f) => {
    const doc = parse(readFileSync(f, 'utf8')) as { datasources?: { name: string; uid?: string }[] } | null;
    return doc?.datasources ?? [];
  });
  const dashboards = files('dashboards', /\.json$/).flatMap((f) => {
    const uid = (JSON.parse(readFileSync(f, 'utf8')) as { uid?: string }).uid;
    return uid ? [{ file: f, uid }] : [];
  });
  return { datasources, dashboards };
}

/**
 * DEP-2.5: Grafana healthy; every datasource the tree provisions exists, at least one Prometheus
 * datasource, and each passes its health check; every dashboard of the tree (and the configured one)
 * imported, and every datasource its panels name exists.
 */
export async function grafanaSetupFindings(target: Target, grafana: GrafanaClient): Promise<{ seen: unknown; findings: Finding[] }> {
  const tree = treeProvisioning(target.monitoringDir);
  const [health, dsRes, searchRes] = await Promise.all([grafana.health(), grafana.datasources(), grafana.search()]);
  const findings: Finding[] = [];
  const ok = (res: HttpExchange, what: string) =>
    res.status === 200 || (findings.push({ expected: `${what} (200)`, found: `${res.status} ${res.body.slice(0, 120)}`, where: res.url }), false);
  if (ok(health, 'Grafana healthy') && !health.body.includes('"ok"'))
    findings.push({ expected: 'Grafana /api/health with database ok', found: health.body.slice(0, 120), where: health.url });
  const datasources = ok(dsRes, 'the datasources listed') ? jsonOf<Datasource[]>(dsRes) : [];
  const hits = ok(searchRes, 'the dashboards listed') ? jsonOf<SearchHit[]>(searchRes) : [];

  const missingDs = tree.datasources.filter((t) => !datasources.some((d) => d.uid === t.uid || d.name === t.name));
  if (missingDs.length)
    findings.push({
      expected: `the datasource(s) the tree provisions: ${tree.datasources.map((d) => d.uid ?? d.name).join(', ')}`,
      found: `missing ${missingDs.map((d) => d.uid ?? d.name).join(', ')}; Grafana has ${datasources.map((d) => `${d.uid} (${d.type})`).join(', ') || 'none'}`,
      where: dsRes.url,
      hint: 'provision grafana/datasources/*.yaml (or POST /api/datasources)',
    });
  const prometheusDs = datasources.filter((d) => d.type === 'prometheus');
  if (dsRes.status === 200 && !prometheusDs.length)
    findings.push({
      expected: 'a Prometheus datasource in Grafana',
      found: `none; Grafana has ${datasources.map((d) => `${d.uid} (${d.type})`).join(', ') || 'no datasource'}`,
      where: dsRes.url,
      hint: 'provision the Prometheus datasource of the monitoring tree',
    });
  const dsHealth = await Promise.all(prometheusDs.map(async (d) => ({ d, res: await grafana.datasourceHealth(d.uid) })));
  for (const { d, res } of dsHealth) {
    const status = res.status === 200 ? (jsonOf<{ status?: string }>(res).status ?? '') : '';
    if (res.status !== 200 || status.toUpperCase() !== 'OK')
      findings.push({
        expected: `datasource ${d.uid} health check OK`,
        found: `${res.status} ${res.body.slice(0, 160)}`,
        where: res.url,
        hint: `check the datasource URL ${d.url} from Grafana's side`,
      });
  }

  const wanted = [...new Set([...tree.dashboards.map((d) => d.uid), target.grafana.dashboardUid])];
  const missingDash = wanted.filter((uid) => !hits.some((h) => h.uid === uid));
  if (searchRes.status === 200 && missingDash.length)
    findings.push({
      expected: `dashboards imported: ${wanted.join(', ')}`,
      found: `missing ${missingDash.join(', ')}; Grafana has ${hits.map((h) => h.uid).join(', ') || 'none'}`,
      where: searchRes.url,
      hint: 'provision grafana/dashboards/*.json (or import them through the API)',
    });
  // Every datasource a panel of an imported dashboard names exists (a dashboard pointing nowhere shows nothing).
  const models = await Promise.all(wanted.filter((uid) => !missingDash.includes(uid)).map((uid) => grafana.dashboard(uid)));
  const referenced = models
    .filter((r) => r.status === 200)
    .flatMap((r) => {
      const model = jsonOf<DashboardModel>(r);
      return allPanels(model.dashboard.panels).flatMap((p) =>
        p.datasource && typeof p.datasource === 'object' && p.datasource.uid && !p.datasource.uid.startsWith('$')
          ? [{ dashboard: model.dashboard.uid, panel: p.title, uid: p.datasource.uid }]
          : [],
      );
    });
  const dangling = referenced.filter((r) => !datasources.some((d) => d.uid === r.uid));
  if (dsRes.status === 200 && dangling.length)
    findings.push({
      expected: "every datasource the dashboards' panels use to exist",
      found: [...new Set(dangling.map((r) => `${r.dashboard} panel "${r.panel}" uses ${r.uid}`))].slice(0, 5).join('; '),
      where: dsRes.url,
      hint: 'provision the datasource with that uid, or point the panels at an existing one',
    });
  return {
    seen: {
      health: health.body,
      datasources: datasources.map((d) => ({ uid: d.uid, name: d.name, type: d.type, url: d.url })),
      datasourceHealth: dsHealth.map(({ d, res }) => ({ uid: d.uid, status: res.status, body: res.body.slice(0, 200) })),
      dashboards: hits.map((h) => h.uid),
      tree,
    },
    findings,
  };
}
