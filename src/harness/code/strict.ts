import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../tools/command.js';
import { check } from '../../registry/errors.js';
import type { Target } from '../../deployment/target.js';
import type { Evidence } from '../evidence.js';
import { packageScripts } from './defaults.js';
import type { CommandResult } from './run.js';

/** The tsconfig a type-check command uses: its -p/--project, else tsconfig.json; null when there is none. */
export function tsconfigOf(line: string, scripts: Record<string, string>, appDir: string): string | null {
  const npm = /^npm\s+run(?:-script)?\s+(\S+)/.exec(line.trim());
  const command = npm ? (scripts[npm[1]!] ?? line) : line;
  const project = /(?:^|\s)(?:-p|--project)[\s=]+(\S+)/.exec(command)?.[1];
  const file = join(appDir, project ?? 'tsconfig.json');
  return existsSync(file) ? file : null;
}

/**
 * PRE-1.4 says strict: with a tsconfig, the effective options (extends resolved by the target's own
 * `tsc --showConfig`) must have `strict: true`. Without a tsconfig, nothing to check here.
 */
export async function checkStrict(result: CommandResult, target: Target, evidence: Evidence): Promise<void> {
  const appDir = target.code.appDir;
  const tsconfig = tsconfigOf(result.planned.template, packageScripts(appDir) ?? {}, appDir);
  if (!tsconfig) {
    await evidence.text('strictness', 'no tsconfig.json: strictness is what the configured type-check command enforces');
    return;
  }
  const run = await runCommand(`npx --no-install tsc --showConfig -p '${tsconfig.replaceAll("'", "'\\''")}'`, { cwd: appDir, timeoutMs: 60_000 });
  let strict: unknown;
  try {
    strict = (JSON.parse(run.stdout) as { compilerOptions?: { strict?: unknown } }).compilerOptions?.strict;
  } catch {
    await evidence.text('strictness', `tsc --showConfig did not answer (exit ${run.exitCode}), strictness not verified:\n${run.output}`);
    return;
  }
  await evidence.json('strictness', { tsconfig, strict });
  check(strict === true, {
    expected: 'strict type checking (compilerOptions.strict: true)',
    found: `strict is ${JSON.stringify(strict ?? 'not set')} in the effective configuration`,
    where: tsconfig,
    hint: 'set "strict": true in compilerOptions (and fix what it finds)',
  });
}
