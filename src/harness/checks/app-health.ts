import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../../registry/errors.js';
import type { HttpExchange } from '../../probes/http.js';
import type { Exposition } from '../../probes/exposition.js';
import { isRuntimeFamily } from './prometheus.js';

/**
 * The application's health and version, read the way health endpoints commonly report them:
 * `{status, components: {name: "ok" | {status}}}`, `{checks: [{name, status}]}`, `{details: {...}}`.
 */
const HEALTHY = /^(ok|up|pass|passed|healthy|green|true)$/i;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const statusOf = (v: unknown): string => (isObj(v) ? String(v.status ?? v.state ?? v.healthy ?? '') : String(v));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Components the body reports as not healthy, with what it says about each. */
export function unhealthyComponents(body: string): string[] {
  const doc = parseJson(body);
  if (!isObj(doc)) return [];
  const named: [string, unknown][] = [];
  for (const key of ['components', 'checks', 'details', 'dependencies']) {
    const part = doc[key];
    if (Array.isArray(part)) part.forEach((c, i) => named.push([isObj(c) ? String(c.name ?? c.component ?? i) : String(i), c]));
    // `details` often explains the failing components in plain strings: only objects there are components.
    else if (isObj(part)) named.push(...Object.entries(part).filter(([, v]) => key !== 'details' || isObj(v)));
  }
  const details = isObj(doc.details) ? doc.details : {};
  return named
    .filter(([, v]) => typeof v === 'string' || typeof v === 'boolean' || isObj(v))
    .filter(([, v]) => !HEALTHY.test(statusOf(v)))
    .map(([name, v]) => `${name}: ${statusOf(v)}${typeof details[name] === 'string' ? ` (${details[name]})` : ''}`)
    .filter((line, i, all) => all.indexOf(line) === i);
}

/** The health endpoint answers 200 and reports itself healthy; else a finding naming the unhealthy components. */
export function healthFinding(res: HttpExchange): Finding | undefined {
  const doc = parseJson(res.body);
  const status = isObj(doc) ? statusOf(doc) : '';
  const unhealthy = unhealthyComponents(res.body);
  if (res.status === 200 && (status === '' || HEALTHY.test(status)) && unhealthy.length === 0) return undefined;
  return {
    expected: 'the health check to pass (200, every component healthy)',
    found: `${res.status}${status ? ` status "${status}"` : ''}${unhealthy.length ? `; unhealthy: ${unhealthy.join('; ')}` : `; ${res.body.slice(0, 160)}`}`,
    where: res.url,
    hint: unhealthy.length
      ? `fix the component(s) named: ${unhealthy.map((u) => u.split(':')[0]).join(', ')}`
      : 'read the application log for why it reports itself unhealthy',
  };
}

/** What the running application says its version is: /health's `version` and the `version` label of its own *_info metrics (not the runtime's). */
export function reportedVersions(health: HttpExchange, exposition: Exposition): { source: string; version: string }[] {
  const doc = parseJson(health.body);
  const fromHealth = isObj(doc)
    ? [doc.version, isObj(doc.build) ? doc.build.version : undefined, isObj(doc.info) ? doc.info.version : undefined].filter(
        (v): v is string => typeof v === 'string',
      )
    : [];
  const fromMetrics = exposition.samples
    .filter((s) => /_info$/.test(s.name) && !isRuntimeFamily(s.name) && s.labels.version)
    .map((s) => ({ source: `${s.name} on /metrics`, version: s.labels.version! }));
  return [...fromHealth.map((version) => ({ source: `${health.url} "version"`, version })), ...fromMetrics];
}

/** The expected version: APP_VERSION, else the "version" of APP_VERSION_FILE; a string saying why not otherwise. */
export function expectedVersion(app: { expectedVersion: string | null; versionFile: string }): { version?: string; source: string } {
  if (app.expectedVersion) return { version: app.expectedVersion, source: 'APP_VERSION' };
  if (!existsSync(app.versionFile)) return { source: `APP_VERSION is unset and ${app.versionFile} does not exist` };
  const doc = parseJson(readFileSync(app.versionFile, 'utf8'));
  const version = isObj(doc) && typeof doc.version === 'string' ? doc.version : undefined;
  return version ? { version, source: `"version" of ${app.versionFile}` } : { source: `${app.versionFile} has no "version"` };
}

const bare = (v: string) => v.trim().replace(/^v/i, '');

/** The running application reports the expected version, everywhere it reports one. */
export function versionFinding(
  expected: { version?: string; source: string },
  reported: { source: string; version: string }[],
  where: string,
): Finding | undefined {
  if (!expected.version)
    return {
      expected: 'an expected application version',
      found: expected.source,
      where,
      hint: 'set APP_VERSION, or APP_VERSION_FILE to the package.json of the deployed application',
    };
  if (!reported.length)
    return {
      expected: `the running application to report its version (expected ${expected.version})`,
      found: 'no "version" in /health and no *_info metric with a version label',
      where,
      hint: 'expose a build info metric (e.g. app_build_info{version="..."} 1) or a version field in /health',
    };
  const wrong = reported.filter((r) => bare(r.version) !== bare(expected.version!));
  return wrong.length
    ? {
        expected: `version ${expected.version} (${expected.source})`,
        found: wrong.map((r) => `${r.version} from ${r.source}`).join('; '),
        where,
        hint: 'deploy the release that was tagged, or correct the expected version',
      }
    : undefined;
}
