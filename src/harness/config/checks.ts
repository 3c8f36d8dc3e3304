import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Target } from '../../deployment/target.js';
import type { Finding } from '../../registry/errors.js';
import { addRefs, interpolations, strings, type ReferenceMap } from './env-refs.js';
import type { ConfigFile } from './discover.js';

/** Keys whose value is a credential: they must hold an environment reference, never the value. */
export const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[_-]?key|apikey|credentials?|private[_-]?key|webhook[_-]?url|auth[_-]?key|access[_-]?key)$/i;
const ENV_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$/;

/** PRE-3.1: each secret-like key of the config holds a ${VAR} reference (the value is never printed). */
export function literalSecrets(config: ConfigFile): Finding[] {
  return strings(config.data)
    .filter((s) => SECRET_KEY.test(s.path.at(-1) ?? '') && !ENV_REFERENCE.test(s.value.trim()))
    .map((s) => ({
      expected: `${s.path.join('.')} to be an environment reference such as \${${s.path
        .at(-1)!
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')}}`,
      found: s.value ? `a literal value (${s.value.length} characters, not shown)` : 'an empty value',
      where: config.path,
      hint: "move the value into the deployment's environment and reference it; rotate it if it was ever committed",
    }));
}

/**
 * PRE-3.1 for compose files: a service variable named like a secret (GF_SECURITY_ADMIN_PASSWORD,
 * REDIS_PASSWORD) takes its value from a variable without a default, never a literal or a fallback.
 */
export function composeLiteralSecrets(repoDir: string, compose: string[]): Finding[] {
  return compose.flatMap((file) => {
    const data = parseDocument(readFileSync(join(repoDir, file), 'utf8')).toJS() as { services?: Record<string, { environment?: unknown }> } | null;
    return Object.entries(data?.services ?? {}).flatMap(([service, def]) => {
      const env = def?.environment;
      const entries: [string, string][] = Array.isArray(env)
        ? env.map((e) => String(e).split(/=(.*)/s)).map(([k, v]) => [k!, v ?? ''])
        : Object.entries(env ?? {}).map(([k, v]) => [k, String(v ?? '')]);
      const literal = (value: string) => {
        const refs = interpolations(value);
        return refs.length === 0 || refs.some((r) => !r.required);
      };
      return entries
        .filter(([key, value]) => SECRET_KEY.test(key) && value !== '' && literal(value))
        .map(([key, value]) => ({
          expected: `services.${service}.environment.${key} to come from a variable without a default (e.g. \${${key}:?required})`,
          found: interpolations(value).length ? 'a reference with a literal fallback (not shown)' : `a literal value (${value.length} characters, not shown)`,
          where: file,
          hint: "reference the deployment's environment and drop the fallback; rotate the value if it was ever real",
        }));
    });
  });
}

/** The variables the compose files and the config reference, required when they have no default. */
export function referencedVariables(target: Target, compose: string[], config: ConfigFile | null): ReferenceMap {
  const map: ReferenceMap = new Map();
  for (const file of compose) {
    const data: unknown = parseDocument(readFileSync(join(target.repoDir, file), 'utf8')).toJS();
    for (const s of strings(data)) addRefs(map, interpolations(s.value), file);
    const secrets = (data as { secrets?: Record<string, { environment?: unknown }> } | null)?.secrets ?? {};
    for (const def of Object.values(secrets)) if (typeof def?.environment === 'string') addRefs(map, [{ name: def.environment, required: true }], file);
  }
  if (config) for (const s of strings(config.data)) addRefs(map, interpolations(s.value), config.path);
  return map;
}

/** The variables a .env.example documents (commented-out `# NAME=` lines too), with the comment above each. */
export function documentedVariables(text: string): Map<string, { required: boolean }> {
  const documented = new Map<string, { required: boolean }>();
  let comment: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    // NAME=value, or a commented-out example `# NAME=value` (upper case, no space before =).
    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(trimmed) ?? /^#\s*([A-Z][A-Z0-9_]*)=/.exec(trimmed);
    if (assignment) {
      const sameLine = trimmed.includes(' #') ? trimmed.slice(trimmed.indexOf(' #')) : '';
      documented.set(assignment[1]!, { required: /\bREQUIRED\b/.test([...comment, sameLine].join(' ')) });
      continue;
    }
    if (trimmed.startsWith('#')) comment.push(trimmed);
    else comment = [];
  }
  return documented;
}

/** PRE-3.2: every referenced variable is documented; each required one is marked REQUIRED. */
export function envExampleFindings(refs: ReferenceMap, envExample: string, text: string): Finding[] {
  const documented = documentedVariables(text);
  const findings: Finding[] = [];
  for (const [name, ref] of [...refs].sort(([a], [b]) => a.localeCompare(b))) {
    const doc = documented.get(name);
    if (!doc) {
      findings.push({
        expected: `${name} documented in ${envExample}`,
        found: `no ${name}= line; ${ref.required ? 'required (no default)' : 'optional'}, referenced by ${ref.where.join(', ')}`,
        where: envExample,
        hint: `add "# ${ref.required ? 'REQUIRED: ' : ''}<what it is>" and "${name}=" to ${envExample}`,
      });
    } else if (ref.required && !doc.required) {
      findings.push({
        expected: `${name} marked REQUIRED in ${envExample} (it has no default)`,
        found: 'documented without REQUIRED in its comment',
        where: `${envExample} (referenced by ${ref.where.join(', ')})`,
        hint: `write "# REQUIRED: ..." above ${name}=, or give it a default where it is referenced`,
      });
    }
  }
  return findings;
}
