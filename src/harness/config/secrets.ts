import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parseDocument } from 'yaml';
import type { Target } from '../../deployment/target.js';
import { ItemBroken } from '../../registry/errors.js';
import { registerSecret } from '../../secrets/redact.js';
import { runContainers } from '../../stack/run-containers.js';
import { interpolations, strings } from './env-refs.js';
import { SECRET_KEY } from './checks.js';
import type { ConfigFile } from './discover.js';

/** Whether the deployment uses a secret and whether its environment has it: never its value. */
export interface SecretStatus {
  name: string;
  used: boolean;
  why: string;
  present?: boolean;
  where?: string;
}

type Delivery = { service: string; variable: string } | { service: string; file: string };

const yamlOf = (path: string): unknown => parseDocument(readFileSync(path, 'utf8')).toJS();

/** Receivers of the Alertmanager configuration (any YAML of the monitoring tree with top-level receivers) that notify Slack. */
function slackReceivers(monitoringDir: string): { file: string; receivers: string[] } | null {
  const files = existsSync(monitoringDir) ? readdirSync(monitoringDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)) : [];
  for (const file of files) {
    const data = yamlOf(join(monitoringDir, file)) as { route?: unknown; receivers?: { name?: string; slack_configs?: unknown[] }[] } | null;
    if (!data?.route || !Array.isArray(data.receivers)) continue;
    return { file, receivers: data.receivers.filter((r) => Array.isArray(r.slack_configs) && r.slack_configs.length).map((r) => r.name ?? '?') };
  }
  return null;
}

/** Where the compose files hand each variable to a container: an environment variable, or a secret file. */
function deliveries(repoDir: string, compose: string[]): Map<string, Delivery[]> {
  const map = new Map<string, Delivery[]>();
  const add = (name: string, d: Delivery) => map.set(name, [...(map.get(name) ?? []), d]);
  for (const file of compose) {
    const data = yamlOf(join(repoDir, file)) as {
      services?: Record<string, { environment?: unknown; secrets?: unknown[] }>;
      secrets?: Record<string, { environment?: string }>;
    } | null;
    for (const [service, def] of Object.entries(data?.services ?? {})) {
      const env = def.environment;
      const entries = Array.isArray(env) ? env.map((e) => String(e).split(/=(.*)/s)) : Object.entries(env ?? {}).map(([k, v]) => [k, String(v ?? '')]);
      for (const [variable, value] of entries) for (const ref of interpolations(value ?? '')) add(ref.name, { service, variable: variable! });
      for (const s of def.secrets ?? []) {
        const source = typeof s === 'string' ? s : String((s as { source?: unknown }).source);
        const targetPath = typeof s === 'string' ? undefined : (s as { target?: string }).target;
        const name = data?.secrets?.[source]?.environment;
        if (name) add(name, { service, file: targetPath?.startsWith('/') ? targetPath : `/run/secrets/${targetPath ?? source}` });
      }
    }
  }
  return map;
}

/** Why a secret is (not) used: Slack by the Alertmanager receivers; others by compose files or enabled config sections. */
function usage(name: string, target: Target, compose: string[], config: ConfigFile | null): { used: boolean; why: string } {
  if (name === target.config.slackSecret) {
    const slack = slackReceivers(target.monitoringDir);
    if (slack)
      return slack.receivers.length
        ? { used: true, why: `Alertmanager (${slack.file}) notifies Slack: ${slack.receivers.join(', ')}` }
        : { used: false, why: `no receiver of ${slack.file} uses slack_configs` };
  }
  const inCompose = compose.filter(
    (f) =>
      strings(yamlOf(join(target.repoDir, f))).some((s) => interpolations(s.value).some((r) => r.name === name)) || deliveries(target.repoDir, [f]).has(name),
  );
  if (inCompose.length) return { used: true, why: `passed to containers by ${inCompose.join(', ')}` };
  const refs = config ? strings(config.data).filter((s) => interpolations(s.value).some((r) => r.name === name)) : [];
  const enabled = refs.filter((r) => !r.path.some((_, i) => (pathValue(config!.data, r.path.slice(0, i)) as { enabled?: unknown } | null)?.enabled === false));
  if (enabled.length) return { used: true, why: `referenced by ${config!.path} at ${enabled.map((r) => r.path.join('.')).join(', ')}` };
  if (refs.length)
    return { used: false, why: `only referenced in ${config!.path} at ${refs.map((r) => r.path.join('.')).join(', ')}, a section with enabled: false` };
  return { used: false, why: 'referenced by no compose file and not by the production config' };
}

function pathValue(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}

/** The secrets to check: SECRETS, plus every ${VAR} the config holds at a secret-like key. */
export function secretNames(target: Target, config: ConfigFile | null): string[] {
  const fromConfig = config
    ? strings(config.data)
        .filter((s) => SECRET_KEY.test(s.path.at(-1) ?? ''))
        .flatMap((s) => interpolations(s.value).map((r) => r.name))
    : [];
  return [...new Set([...target.config.secrets, ...fromConfig])];
}

/** PRE-3.3: each used secret present in the deployment's environment (reference: its containers; external: SECRETS_ENV_FILE). */
export async function secretStatuses(target: Target, compose: string[], config: ConfigFile | null): Promise<SecretStatus[]> {
  const statuses: SecretStatus[] = secretNames(target, config).map((name) => ({ name, ...usage(name, target, compose, config) }));
  if (target.runId) {
    const containers = await runContainers(target.runId);
    const delivered = deliveries(target.repoDir, compose);
    for (const s of statuses.filter((x) => x.used)) {
      const places: Delivery[] = [...(delivered.get(s.name) ?? []), ...containers.map((c) => ({ service: c.service, variable: s.name }))];
      for (const place of places) {
        const c = containers.find((x) => x.service === place.service);
        if (!c) continue;
        const ok = 'variable' in place ? c.setVariables.has(place.variable) : ((await c.fileSize(place.file)) ?? 0) > 0;
        if (ok) {
          s.present = true;
          s.where = 'variable' in place ? `container ${place.service}, variable ${place.variable}` : `container ${place.service}, file ${place.file}`;
          break;
        }
      }
      s.present ??= false;
      s.where ??= delivered.has(s.name)
        ? `not set where the compose files deliver it (${delivered
            .get(s.name)!
            .map((d) => `${d.service}: ${'variable' in d ? d.variable : d.file}`)
            .join(', ')})`
        : `no compose file passes it to a service, and no container of the deployment (${containers.map((c) => c.service).join(', ')}) has it`;
    }
    return statuses;
  }
  const file = target.config.secretsEnvFile;
  if (!file)
    throw new ItemBroken(
      "the deployment's environment is unknown: set SECRETS_ENV_FILE to the file the deployment reads its secrets from (e.g. /etc/mcp-secrets/prod.env); only presence is reported, never values",
    );
  if (!existsSync(file)) throw new ItemBroken(`SECRETS_ENV_FILE ${file} does not exist or is not readable by the checklist`);
  const env = parseEnv(readFileSync(file, 'utf8'));
  for (const value of Object.values(env)) if (value.length >= 4) registerSecret(value);
  for (const s of statuses.filter((x) => x.used)) {
    s.present = Boolean(env[s.name]?.trim());
    s.where = relative(target.repoDir, file).startsWith('..') ? file : relative(target.repoDir, file);
  }
  return statuses;
}
