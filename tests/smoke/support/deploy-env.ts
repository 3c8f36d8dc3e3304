import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { Finding } from '../../../src/registry/errors.js';

/**
 * The variables a template marks REQUIRED: the `NAME=` line after a `# REQUIRED:` comment
 * (unconditionally required) or a `# REQUIRED (when ...)` one (required under a condition the
 * suite cannot judge: reported, not demanded).
 */
export function requiredVariables(template: string): { always: string[]; conditional: string[] } {
  const always: string[] = [];
  const conditional: string[] = [];
  let marker: 'always' | 'conditional' | null = null;
  for (const line of template.split(/\r?\n/)) {
    const comment = /^\s*#\s*REQUIRED\b\s*(\(|:)?/.exec(line);
    if (comment) {
      marker = comment[1] === '(' ? 'conditional' : 'always';
      continue;
    }
    const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1];
    if (name && marker) (marker === 'always' ? always : conditional).push(name);
    if (!line.trim().startsWith('#')) marker = null;
  }
  return { always, conditional };
}

/** Every always-required variable set (non-empty) in the deployment's env file; presence only is reported. */
export function deployEnvFindings(deployEnv: { file: string | null; template: string }): { report: Record<string, string>; findings: Finding[] } {
  if (!deployEnv.file) return { report: { 'deployment environment': 'not named (DEPLOY_ENV_FILE): its variables are not checked' }, findings: [] };
  if (!existsSync(deployEnv.file))
    return {
      report: {},
      findings: [{ expected: "the deployment's environment file", found: 'no such file', where: deployEnv.file, hint: 'correct DEPLOY_ENV_FILE' }],
    };
  if (!existsSync(deployEnv.template))
    return {
      report: {},
      findings: [
        { expected: 'the template that marks the REQUIRED variables', found: 'no such file', where: deployEnv.template, hint: 'correct DEPLOY_ENV_TEMPLATE' },
      ],
    };
  const values = parse(readFileSync(deployEnv.file, 'utf8'));
  const { always, conditional } = requiredVariables(readFileSync(deployEnv.template, 'utf8'));
  const present = (name: string) => Boolean(values[name]?.trim());
  const report = Object.fromEntries(
    [...always, ...conditional].map((n) => [n, `${present(n) ? 'present' : 'absent'}${conditional.includes(n) ? ' (required under a condition)' : ''}`]),
  );
  const missing = always.filter((n) => !present(n));
  return {
    report,
    findings: missing.length
      ? [
          {
            expected: `every variable ${deployEnv.template} marks REQUIRED set in the deployment's environment`,
            found: `absent: ${missing.join(', ')}`,
            where: deployEnv.file,
            hint: 'set them (secrets from the secret store), then redeploy',
          },
        ]
      : [],
  };
}
