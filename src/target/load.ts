import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'dotenv';
import { KNOWN_VARIABLES, externalEnvSchema } from './schema.js';
import type { Target } from './target.js';
import { registerSecret } from '../secrets/redact.js';

/** A .env file that cannot describe a target: one line per problem, before anything starts. */
export class TargetConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} does not describe a usable target:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TargetConfigError';
  }
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** Lines dotenv would silently drop: anything that is not blank, a comment or KEY=value. */
function malformedLines(text: string): string[] {
  const problems: string[] = [];
  let openQuote: string | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = null;
      return;
    }
    if (!line.trim() || line.trim().startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match) {
      problems.push(`line ${index + 1}: is not KEY=value (example: PROMETHEUS_URL=http://localhost:9090)`);
      return;
    }
    const value = line.slice(match[0].length).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) === -1) openQuote = quote;
  });
  if (openQuote) problems.push(`a ${openQuote} quote is never closed`);
  return problems;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

/** Unknown names close to a known one are typos; other names (the deployment's own variables) are left alone. */
function typos(names: string[]): string[] {
  return names.flatMap((name) => {
    if (KNOWN_VARIABLES.includes(name)) return [];
    const near = KNOWN_VARIABLES.find((known) => editDistance(name, known) <= 2);
    return near ? [`${name}: unknown variable; did you mean ${near}?`] : [];
  });
}

/**
 * Reads an existing deployment's .env file into a Target (external mode). Nothing is contacted:
 * this only validates, so a bad file is rejected before anything starts.
 */
export function loadExternalTarget(file: string): Target {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new TargetConfigError(file, [`the file does not exist (copy .env.example to ${file} and fill it in)`]);
  }
  const text = readFileSync(path, 'utf8');
  // An empty value means "not set": optional variables take their default, required ones are reported missing.
  const values = Object.fromEntries(Object.entries(parse(text)).filter(([, v]) => v.trim() !== ''));
  const problems = [...malformedLines(text), ...typos(Object.keys(values))];
  const parsed = externalEnvSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.') || '(file)';
      problems.push(`${variable}: ${issue.message}`);
    }
  }
  if (problems.length || !parsed.success) throw new TargetConfigError(file, problems);
  const env = parsed.data;
  registerSecret(env.GRAFANA_PASSWORD);
  const monitoringDir = resolve(dirname(path), env.MONITORING_DIR);
  if (!existsSync(monitoringDir)) {
    throw new TargetConfigError(file, [`MONITORING_DIR: ${monitoringDir} does not exist (example: MONITORING_DIR=./monitoring, relative to the .env file)`]);
  }
  return {
    mode: 'external',
    app: { url: env.APP_URL, mcpUrl: env.APP_URL + env.MCP_PATH, job: env.APP_JOB },
    prometheus: { url: env.PROMETHEUS_URL },
    alertmanager: { url: env.ALERTMANAGER_URL },
    grafana: { url: env.GRAFANA_URL, user: env.GRAFANA_USER, password: env.GRAFANA_PASSWORD, dashboardUid: env.GRAFANA_DASHBOARD_UID },
    receiver: env.RECEIVER_URL ? { url: env.RECEIVER_URL } : null,
    monitoringDir,
    toolImages: { prometheus: env.PROMETHEUS_IMAGE, alertmanager: env.ALERTMANAGER_IMAGE },
    httpTimeoutMs: env.HTTP_TIMEOUT_MS,
  };
}
