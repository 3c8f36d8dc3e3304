import { resolve } from 'node:path';
import type { z } from 'zod';
import type { repoEnvShape } from './schema-repo.js';

/** The commands of PRE-1, by item. */
export const COMMAND_KINDS = ['unit', 'integration', 'coverage', 'typecheck', 'lint', 'audit'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/**
 * A command setting: a shell command line run in `appDir`; `default` = the default for the
 * target's kind (discovered in the repository); `none` = the target has no such command.
 */
export type CommandSetting = { kind: 'command'; line: string } | { kind: 'default' } | { kind: 'none' };

/** PRE-1: how the target's code is tested, checked and audited. */
export interface CodeSettings {
  /** The application's directory (absolute), where the commands run. */
  appDir: string;
  commands: Record<CommandKind, CommandSetting>;
  commandTimeoutMs: number;
  coverage: { threshold: number; metric: 'lines' | 'statements' | 'functions' | 'branches' };
}

/** PRE-2: the documents the seed names, and what "not a stub" means. */
export interface DocsSettings {
  /** Name -> path relative to the repository; null = discover the seven documents by name. */
  list: { name: string; path: string }[] | null;
  minWords: number;
  minSections: number;
}

/** PRE-3: configuration files (relative to the repository; null = discover) and secrets. */
export interface ConfigSettings {
  file: string | null;
  schema: string | null;
  envExample: string | null;
  composeFiles: string[] | null;
  /** The secrets the seed names; each is checked when the deployment uses it. */
  secrets: string[];
  /** The secret that carries the Slack webhook: needed only when Alertmanager notifies Slack. */
  slackSecret: string;
  /** External mode: the deployment's environment file (absolute), where PRE-3.3 looks for the secrets. */
  secretsEnvFile: string | null;
}

type RepoEnv = z.output<z.ZodObject<typeof repoEnvShape>>;

const VAR_OF: Record<CommandKind, keyof RepoEnv> = {
  unit: 'UNIT_TEST_COMMAND',
  integration: 'INTEGRATION_TEST_COMMAND',
  coverage: 'COVERAGE_COMMAND',
  typecheck: 'TYPECHECK_COMMAND',
  lint: 'LINT_COMMAND',
  audit: 'AUDIT_COMMAND',
};

/** The variable that configures a command, for messages. */
export function commandVariable(kind: CommandKind): string {
  return VAR_OF[kind];
}

function commandSetting(value: string | undefined): CommandSetting {
  if (value === undefined) return { kind: 'default' };
  if (value.toLowerCase() === 'none') return { kind: 'none' };
  return { kind: 'command', line: value };
}

/** The repository settings of a Target from the parsed variables. */
export function repoSettings(env: RepoEnv, repoDir: string, baseDir: string): { code: CodeSettings; docs: DocsSettings; config: ConfigSettings } {
  return {
    code: {
      appDir: resolve(repoDir, env.APP_DIR),
      commands: Object.fromEntries(Object.entries(VAR_OF).map(([kind, name]) => [kind, commandSetting(env[name] as string | undefined)])) as Record<
        CommandKind,
        CommandSetting
      >,
      commandTimeoutMs: env.COMMAND_TIMEOUT_MS,
      coverage: { threshold: env.COVERAGE_THRESHOLD, metric: env.COVERAGE_METRIC },
    },
    docs: { list: env.DOCS ?? null, minWords: env.DOC_MIN_WORDS, minSections: env.DOC_MIN_SECTIONS },
    config: {
      file: env.CONFIG_FILE ?? null,
      schema: env.CONFIG_SCHEMA ?? null,
      envExample: env.ENV_EXAMPLE ?? null,
      composeFiles: env.COMPOSE_FILES ?? null,
      secrets: env.SECRETS,
      slackSecret: env.SLACK_SECRET,
      secretsEnvFile: env.SECRETS_ENV_FILE ? resolve(baseDir, env.SECRETS_ENV_FILE) : null,
    },
  };
}
