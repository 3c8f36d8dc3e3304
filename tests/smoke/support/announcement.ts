import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Target } from '../../../src/deployment/target.js';
import type { Finding } from '../../../src/registry/errors.js';
import { expectedVersion } from '../../../src/harness/checks/app-health.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

function at(doc: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

/**
 * DEP-1.4: the announcement rendered from the repository's template with the real values: {{date}}
 * (today, UTC), {{version}} (the version to deploy) and {{config.<path>}} (a value of the deployment's
 * configuration file; a ${VAR} secret reference is not a value). Every placeholder must resolve.
 */
export function renderAnnouncement(target: Target, now = new Date()): { text?: string; values: Record<string, string>; findings: Finding[] } {
  const { template, configFile } = target.announcement;
  if (!existsSync(template))
    return {
      values: {},
      findings: [
        {
          expected: 'a deployment announcement template in the repository',
          found: 'no such file',
          where: template,
          hint: 'add one (see ANNOUNCEMENT_TEMPLATE in .env.example) or point ANNOUNCEMENT_TEMPLATE at it',
        },
      ],
    };
  const config: unknown = existsSync(configFile) ? parse(readFileSync(configFile, 'utf8')) : undefined;
  const version = expectedVersion(target.app).version;
  const builtins: Record<string, string | undefined> = { date: now.toISOString().slice(0, 10), version };
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const text = readFileSync(template, 'utf8').replace(PLACEHOLDER, (whole, name: string) => {
    const [head, ...rest] = name.split('.');
    const raw = head === 'config' ? at(config, rest) : builtins[name];
    const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (value === undefined || /^\$\{[^}]+\}$/.test(value)) {
      missing.push(name);
      return whole;
    }
    values[name] = value;
    return value;
  });
  const findings: Finding[] = missing.length
    ? [
        {
          expected: 'every placeholder of the announcement template filled with a real value',
          found: `no value for ${[...new Set(missing)].map((m) => `{{${m}}}`).join(', ')}${config === undefined ? ` (${configFile} does not exist)` : ''}`,
          where: `${template} with ${configFile}`,
          hint: 'add the values to the configuration file (no secret references), or fix the placeholder names',
        },
      ]
    : [];
  return { text, values, findings };
}
