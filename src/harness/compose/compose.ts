import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';

/** A compose file as read: its parsed content, or the YAML errors that kept it from parsing. */
export interface ComposeFile {
  file: string;
  doc: Record<string, unknown> | null;
  errors: string[];
}

const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/;
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', 'reports']);

/** Every compose file in a repository (docker-compose*.yml, compose*.yaml), dependencies and build output left out. */
export function discoverComposeFiles(repoDir: string, depth = 4): string[] {
  if (depth < 0 || !existsSync(repoDir)) return [];
  return readdirSync(repoDir, { withFileTypes: true })
    .flatMap((e) => {
      if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith('.') ? [] : discoverComposeFiles(join(repoDir, e.name), depth - 1);
      return e.isFile() && COMPOSE_NAME.test(e.name) ? [join(repoDir, e.name)] : [];
    })
    .sort();
}

export function readCompose(file: string): ComposeFile {
  if (!existsSync(file)) return { file, doc: null, errors: ['the file does not exist'] };
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) return { file, doc: null, errors: doc.errors.map((e) => e.message) };
  const value: unknown = doc.toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { file, doc: null, errors: ['the top level is not a mapping'] };
  return { file, doc: value as Record<string, unknown>, errors: [] };
}

/**
 * Compose interpolation with the variables' own defaults (`${VAR:-default}`, `${VAR-default}`,
 * nested), as Compose resolves it on a host where those variables are unset; `$$` is a literal `$`.
 */
export function interpolate(text: string, env: Record<string, string | undefined> = {}): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    if (text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (text[i + 1] !== '{') {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      out += m ? (env[m[0]] ?? '') : '$';
      i += m ? m[0].length : 0;
      continue;
    }
    let depth = 0;
    let end = i + 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      if (text[end] === '}' && --depth === 0) break;
    }
    const inner = text.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s.exec(inner);
    if (m) {
      const [, name, op, rest = ''] = m;
      const value = env[name!];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('-')) out += unset ? interpolate(rest, env) : value!;
      else if (op?.endsWith('+')) out += unset ? '' : interpolate(rest, env);
      else out += value ?? '';
    }
    i = end;
  }
  return out;
}

export interface BindMount {
  file: string;
  service: string;
  /** The host path, interpolated with defaults. */
  source: string;
  target: string;
  /** The service's `user:` (interpolated), when it sets one. */
  user: string | null;
  /** Mounted read-only (`:ro`, `read_only: true`): configuration, not a directory Docker may create. */
  readOnly: boolean;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The services of a compose file, by name. */
export function servicesOf(compose: ComposeFile): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(asRecord(compose.doc?.services)).map(([name, s]) => [name, asRecord(s)]));
}

/** Bind mounts of every service (short `src:dst[:mode]` syntax with a path source, and long `type: bind`). */
export function bindMounts(compose: ComposeFile): BindMount[] {
  return Object.entries(servicesOf(compose)).flatMap(([service, s]) => {
    const user = typeof s.user === 'string' || typeof s.user === 'number' ? interpolate(String(s.user)) : null;
    const volumes = Array.isArray(s.volumes) ? (s.volumes as unknown[]) : [];
    return volumes.flatMap((v): BindMount[] => {
      if (typeof v === 'string') {
        const resolved = interpolate(v);
        const [source, target, mode = ''] = resolved.split(':');
        if (!source || !target || !/^[./~]/.test(source)) return [];
        return [{ file: compose.file, service, source, target, user, readOnly: mode.split(',').includes('ro') }];
      }
      const long = asRecord(v);
      if (long.type !== 'bind' || typeof long.source !== 'string') return [];
      return [{ file: compose.file, service, source: interpolate(long.source), target: String(long.target ?? ''), user, readOnly: long.read_only === true }];
    });
  });
}

/** Production compose files: those whose file name matches the pattern (COMPOSE_PRODUCTION_PATTERN). */
export function isProduction(file: string, pattern: string): boolean {
  return new RegExp(pattern, 'i').test(basename(file));
}
