import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Finding } from '../../registry/errors.js';
import { bindMounts, interpolate, isProduction, servicesOf, type ComposeFile } from './compose.js';

let validator: ValidateFunction | undefined;
/** The Compose specification's JSON Schema (vendored, see compose-spec.NOTICE.md), compiled once. */
function validate(doc: unknown): ValidateFunction['errors'] {
  if (!validator) {
    // Its $schema names draft-07 by an https URL Ajv does not know by that name; Ajv's default draft is draft-07.
    const schema = JSON.parse(readFileSync(new URL('./compose-spec.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    validator = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  return validator(doc) ? [] : validator.errors;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Files a compose file names that must exist beside it: read-only bind-mount sources and those that
 * name a file (Docker creates a missing read-write directory, so those may not exist yet), env_file,
 * secrets/configs `file:`, build contexts.
 */
function referencedFiles(c: ComposeFile): { path: string; what: string }[] {
  const base = dirname(c.file);
  const refs: { path: string; what: string }[] = [];
  for (const m of bindMounts(c))
    if (!isAbsolute(m.source) && (m.readOnly || /\.\w+$/.test(m.source)))
      refs.push({ path: resolve(base, m.source), what: `service ${m.service} volume ${m.source}` });
  for (const [name, s] of Object.entries(servicesOf(c))) {
    const envFiles = typeof s.env_file === 'string' ? [s.env_file] : Array.isArray(s.env_file) ? s.env_file : [];
    for (const e of envFiles) {
      const entry = asRecord(e);
      const path = typeof e === 'string' ? e : typeof entry.path === 'string' && entry.required !== false ? entry.path : null;
      if (path) refs.push({ path: resolve(base, interpolate(path)), what: `service ${name} env_file` });
    }
    const build = typeof s.build === 'string' ? { context: s.build } : asRecord(s.build);
    if (typeof build.context === 'string' && !/^[a-z]+:\/\//.test(build.context))
      refs.push({ path: resolve(base, interpolate(build.context)), what: `service ${name} build context` });
  }
  for (const section of ['secrets', 'configs']) {
    for (const [name, def] of Object.entries(asRecord(c.doc?.[section]))) {
      const file = asRecord(def).file;
      if (typeof file === 'string') refs.push({ path: resolve(base, interpolate(file)), what: `${section}.${name}.file` });
    }
  }
  return refs;
}

/** Service-level limits: `deploy.resources.limits` (Compose spec) or the legacy `mem_limit` / `cpus`. */
function missingLimits(s: Record<string, unknown>): string[] {
  const limits = asRecord(asRecord(asRecord(s.deploy).resources).limits);
  return [(limits.memory ?? s.mem_limit) ? null : 'memory', (limits.cpus ?? s.cpus) ? null : 'cpus'].filter((x): x is string => x !== null);
}

/** What is wrong with one compose file: YAML, the specification's schema, no services, missing files, production services without limits. */
export function composeFindings(c: ComposeFile, repoDir: string, productionPattern: string): Finding[] {
  const where = relative(repoDir, c.file) || c.file;
  if (!c.doc)
    return [
      {
        expected: 'a compose file that parses as YAML',
        found: c.errors.join('; '),
        where,
        hint: 'fix the YAML; `docker compose -f FILE config` shows the same error',
      },
    ];
  const findings: Finding[] = (validate(c.doc) ?? []).map((e) => ({
    expected: 'a file valid against the Compose specification',
    found: `${e.instancePath || '(top level)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    where,
    hint: 'see the Compose specification for that key; `docker compose -f FILE config` validates the same',
  }));
  const services = servicesOf(c);
  if (!Object.keys(services).length)
    findings.push({ expected: 'at least one named service', found: 'no services', where, hint: 'define the services under `services:`' });
  for (const ref of referencedFiles(c))
    if (!existsSync(ref.path))
      findings.push({
        expected: `${ref.what} to exist`,
        found: `no ${relative(repoDir, ref.path)}`,
        where,
        hint: 'commit the file, or fix the path (relative to the compose file)',
      });
  if (isProduction(c.file, productionPattern)) {
    for (const [name, s] of Object.entries(services)) {
      const missing = missingLimits(s);
      if (missing.length)
        findings.push({
          expected: `production service ${name} to set memory and CPU limits`,
          found: `no ${missing.join(' and no ')} limit`,
          where: `${where}, services.${name}`,
          hint: 'set deploy.resources.limits.memory and .cpus (docs: capacity planning)',
        });
    }
  }
  return findings;
}

/** The seed asks for a development, a production and a monitoring compose file. */
export function roleFindings(files: ComposeFile[], repoDir: string, productionPattern: string): Finding[] {
  const production = files.filter((f) => isProduction(f.file, productionPattern));
  const development = files.filter((f) => !isProduction(f.file, productionPattern));
  const monitoring = production.filter((f) =>
    Object.entries(servicesOf(f)).some(([n, s]) => /prometheus|grafana|alertmanager/i.test(`${n} ${String(s.image ?? '')}`)),
  );
  const listed = files.map((f) => relative(repoDir, f.file)).join(', ') || 'none';
  const where = `${repoDir} (COMPOSE_FILES, or every compose file in the repository)`;
  const found: (Finding | false)[] = [
    !development.length && {
      expected: 'a development compose file (a name not matching COMPOSE_PRODUCTION_PATTERN)',
      found: listed,
      where,
      hint: 'add docker-compose.yml for development',
    },
    !production.length && {
      expected: `a production compose file (a name matching /${productionPattern}/)`,
      found: listed,
      where,
      hint: 'add docker-compose.prod.yml',
    },
    !monitoring.length && {
      expected: 'a production compose file running the monitoring stack (Prometheus, Alertmanager, Grafana)',
      found: listed,
      where,
      hint: 'add docker-compose.monitoring.yml',
    },
  ];
  return found.filter((f): f is Finding => f !== false);
}
