import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NotApplicable } from '../../registry/errors.js';
import { commandVariable, type CodeSettings, type CommandKind } from '../../deployment/repo-settings.js';
import { runnerOf } from './reporters.js';

/** A command to run for an item, and where it came from (for the evidence and messages). */
export interface PlannedCommand {
  kind: CommandKind;
  /** The command line, with `{report}` / `{coverage}` where the item puts its report paths. */
  template: string;
  source: string;
}

/** package.json scripts tried in order, per command, for a Node project. */
const SCRIPTS: Record<CommandKind, string[]> = {
  unit: ['test:unit', 'unit', 'test'],
  integration: ['test:integration', 'integration', 'test:int'],
  coverage: ['coverage', 'test:coverage', 'test:cov'],
  typecheck: ['typecheck', 'type-check', 'check-types', 'types'],
  lint: ['lint', 'lint:check'],
  audit: [],
};
const FORMAT_SCRIPTS = ['format:check', 'format-check', 'prettier:check', 'check-format'];
/** `npm init` writes this test script; it is no test suite. */
const NPM_PLACEHOLDER = /no test specified/;

export function packageScripts(dir: string): Record<string, string> | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  return Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter(([, v]) => !NPM_PLACEHOLDER.test(v)));
}

/** The lock file npm would read for `dir`: its own, or its workspace root's (up to the repository). */
function npmLockFile(dir: string, repoDir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of ['package-lock.json', 'npm-shrinkwrap.json']) if (existsSync(join(d, name))) return join(d, name);
    if (d === repoDir || dirname(d) === d) return null;
  }
}

const runScript = (name: string) => (name === 'test' ? 'npm test' : `npm run ${name}`);

function nodeDefault(kind: CommandKind, appDir: string, repoDir: string, scripts: Record<string, string>): string | null {
  const script = SCRIPTS[kind].find((s) => scripts[s]);
  if (kind === 'lint') {
    const format = FORMAT_SCRIPTS.find((s) => scripts[s]);
    const parts = [script, format].filter((s): s is string => Boolean(s)).map(runScript);
    return parts.length ? parts.join(' && ') : null;
  }
  if (script) return runScript(script);
  // No coverage script: the unit tests with coverage requested, when Vitest or Jest runs them
  // (PRE-1.1 then shares this one run).
  if (kind === 'coverage') {
    const unit = nodeDefault('unit', appDir, repoDir, scripts);
    if (unit && runnerOf(unit, scripts)) return unit;
  }
  if (kind === 'typecheck' && existsSync(join(appDir, 'tsconfig.json'))) return 'npx --no-install tsc --noEmit';
  if (kind === 'audit' && npmLockFile(appDir, repoDir)) return 'npm audit --json';
  return null;
}

/**
 * The command of `kind` for this target: the configured one, or the default for a Node project
 * (package.json scripts, a tsconfig.json, an npm lock file). No command -> not applicable
 * (`not-configured`), with what was looked for.
 */
export function plannedCommand(kind: CommandKind, code: CodeSettings, repoDir: string): PlannedCommand {
  const setting = code.commands[kind];
  const variable = commandVariable(kind);
  if (setting.kind === 'none') throw new NotApplicable('not-configured', `${variable}=none: the target declares no ${kind} command`);
  if (setting.kind === 'command') return { kind, template: setting.line, source: variable };
  const scripts = packageScripts(code.appDir);
  if (!scripts) {
    throw new NotApplicable(
      'not-configured',
      `${variable} is not set and ${code.appDir} has no package.json, so there is no default (defaults exist for Node projects); set ${variable}`,
    );
  }
  const line = nodeDefault(kind, code.appDir, repoDir, scripts);
  if (!line) {
    const looked =
      kind === 'audit'
        ? 'an npm lock file (package-lock.json)'
        : kind === 'coverage'
          ? `package.json scripts ${SCRIPTS.coverage.join(', ')}, or unit tests run by Vitest or Jest`
          : `package.json scripts ${[...SCRIPTS[kind], ...(kind === 'lint' ? FORMAT_SCRIPTS : [])].join(', ')}${kind === 'typecheck' ? ' or a tsconfig.json' : ''}`;
    throw new NotApplicable(
      'not-configured',
      `${variable} is not set and ${join(code.appDir, 'package.json')} has none of ${looked} (scripts there: ${Object.keys(scripts).join(', ') || 'none'}); set ${variable}`,
    );
  }
  return { kind, template: line, source: `${variable} unset: the default for a Node project` };
}

/** PRE-1.1 and PRE-1.3 share one run when the coverage command is the unit-test command (with coverage). */
export function unitRunMeasuresCoverage(code: CodeSettings, repoDir: string): boolean {
  try {
    return plannedCommand('unit', code, repoDir).template === plannedCommand('coverage', code, repoDir).template;
  } catch {
    return false;
  }
}
