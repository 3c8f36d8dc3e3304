import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { Target } from '../../deployment/target.js';
import { CheckFailed } from '../../registry/errors.js';
import { repoFiles } from '../repo/files.js';

/** Production config names tried when CONFIG_FILE is not set, in order. */
const CONFIG_NAMES = [
  'config.prod.yaml',
  'config.prod.yml',
  'config.production.yaml',
  'config.production.yml',
  'config.prod.json',
  'config.production.json',
  'config/production.yaml',
  'config/production.yml',
  'config/production.json',
  'config/prod.yaml',
  'config/prod.yml',
  'config/prod.json',
];
const COMPOSE = /(^|\/)(docker-)?compose([.-][\w.-]+)?\.ya?ml$/;

export interface ConfigFile {
  /** Relative to the repository. */
  path: string;
  data: unknown;
  text: string;
}

/** The production config (CONFIG_FILE, or the first conventional name present); fails naming what was looked for. */
export function productionConfig(target: Target): ConfigFile {
  const { repoDir } = target;
  const configured = target.config.file;
  const path = configured ?? CONFIG_NAMES.find((n) => existsSync(join(repoDir, n)));
  if (!path || !existsSync(join(repoDir, path))) {
    const near = repoFiles(repoDir)
      .filter((f) => /(^|\/)config[^/]*\.(ya?ml|json)$/i.test(f) && !f.includes('node_modules/'))
      .slice(0, 15);
    throw new CheckFailed({
      expected: 'a production configuration file',
      found: configured ? `no file ${configured} (CONFIG_FILE)` : `none of ${CONFIG_NAMES.join(', ')}; config-like files: ${near.join(', ') || 'none'}`,
      where: repoDir,
      hint: 'create the production config, or name it in CONFIG_FILE',
    });
  }
  const text = readFileSync(join(repoDir, path), 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new CheckFailed({
      expected: `${path} to parse`,
      found: doc.errors.map((e) => e.message.split('\n')[0]).join('; '),
      where: path,
      hint: 'fix the syntax',
    });
  }
  return { path, data: doc.toJS(), text };
}

/** The schema: CONFIG_SCHEMA, the config's own `$schema` (a relative file), or config.schema.json beside it or at the root. */
export function schemaPath(target: Target, config: ConfigFile): { path: string | null; looked: string[] } {
  if (target.config.schema)
    return { path: existsSync(join(target.repoDir, target.config.schema)) ? target.config.schema : null, looked: [target.config.schema] };
  const declared = config.data && typeof config.data === 'object' && '$schema' in config.data ? String((config.data as Record<string, unknown>).$schema) : null;
  const modeline = /yaml-language-server:\s*\$schema=(\S+)/.exec(config.text)?.[1];
  const dir = dirname(config.path);
  const looked = [declared, modeline]
    .filter((s): s is string => Boolean(s) && !/^[a-z]+:/i.test(s!))
    .map((s) => join(dir, s))
    .concat([
      join(dir, 'config.schema.json'),
      join(dir, `${config.path.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '')}.schema.json`),
      'config.schema.json',
    ]);
  return { path: looked.find((p) => existsSync(join(target.repoDir, p))) ?? null, looked };
}

/** Compose files: COMPOSE_FILES, or every docker-compose*.yml / compose*.yml of the repository. */
export function composeFiles(target: Target): string[] {
  if (target.config.composeFiles) return target.config.composeFiles;
  return repoFiles(target.repoDir).filter((f) => COMPOSE.test(f) && !f.includes('node_modules/'));
}

/** The .env.example: ENV_EXAMPLE, or the one beside the compose files, or the repository's. */
export function envExamplePath(target: Target, compose: string[]): { path: string | null; looked: string[] } {
  if (target.config.envExample)
    return { path: existsSync(join(target.repoDir, target.config.envExample)) ? target.config.envExample : null, looked: [target.config.envExample] };
  const looked = [...new Set([...compose.map((c) => join(dirname(c), '.env.example')), '.env.example'])];
  return { path: looked.find((p) => existsSync(join(target.repoDir, p))) ?? null, looked };
}

export const relativeTo = (repoDir: string, path: string) => relative(repoDir, path) || '.';
