import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { parseDocument } from 'yaml';

/** A YAML file of the tree as plain data; `error` says why it could not be read. */
export function readYaml(file: string): { data: unknown; error?: string } {
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (doc.errors.length) return { data: undefined, error: doc.errors.map((e) => e.message).join('; ') };
    return { data: doc.toJS() as unknown };
  } catch (error) {
    return { data: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface ResolvedPattern {
  /** As the configuration writes it, e.g. `alerts/*.yml` or `/etc/prometheus/rules/*.yml`. */
  pattern: string;
  /** Absolute host paths it matches, sorted. */
  files: string[];
}

/**
 * Resolves the file globs a configuration names (Prometheus' `rule_files`, Alertmanager's
 * `templates`) the way the server does: relative to the configuration file's directory. An absolute
 * path under `mountAt` (where the tree is mounted in the container) is read from the tree instead.
 */
export function resolveGlobs(patterns: readonly string[], configFile: string, mount: { treeDir: string; mountAt: string }): ResolvedPattern[] {
  return patterns.map((pattern) => {
    let hostPattern = pattern;
    if (isAbsolute(pattern) && (pattern === mount.mountAt || pattern.startsWith(`${mount.mountAt}/`)))
      hostPattern = mount.treeDir + pattern.slice(mount.mountAt.length);
    else if (!isAbsolute(pattern)) hostPattern = resolve(dirname(configFile), pattern);
    const files = /[*?[{]/.test(hostPattern)
      ? globSync(hostPattern, { absolute: true, onlyFiles: true, expandDirectories: false })
      : existsSync(hostPattern)
        ? [hostPattern]
        : [];
    return { pattern, files: files.map((f) => resolve(f)).sort() };
  });
}

/** The path of a host file as the tool in the container sees it (the tree mounted at `mountAt`); undefined outside the tree. */
export function inContainer(file: string, mount: { treeDir: string; mountAt: string }): string | undefined {
  const rel = relative(mount.treeDir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : `${mount.mountAt}/${rel}`;
}

/** Every YAML file of a tree, for content-based discovery (rule tests), skipping dependency folders. */
export function yamlFilesOf(dir: string): string[] {
  return globSync('**/*.{yml,yaml}', { cwd: dir, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
}

/** A readable list: the first `max` names and how many more. */
export function listOf(names: readonly string[], max = 12): string {
  if (names.length === 0) return '(none)';
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}
