import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage', 'build']);

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(root, join(dir, entry.name), out);
    } else if (entry.isFile()) out.push(relative(root, join(dir, entry.name)));
  }
}

const cache = new Map<string, string[]>();

/**
 * The repository's files (relative paths): what git tracks plus untracked files it does not ignore;
 * for a directory that is no git work tree, every file outside .git, node_modules and build output.
 */
export function repoFiles(repoDir: string): string[] {
  const known = cache.get(repoDir);
  if (known) return known;
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: repoDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\0')
      // tracked but deleted in the work tree: gone
      .filter((f) => f && existsSync(join(repoDir, f)));
  } catch {
    files = [];
    walk(repoDir, repoDir, files);
  }
  cache.set(repoDir, files);
  return files;
}

/** Paths git ignores (generated output such as dist/ or coverage/), so a document may name them. */
export function ignoredByGit(repoDir: string, paths: string[]): Set<string> {
  if (!paths.length) return new Set();
  try {
    const out = execFileSync('git', ['check-ignore', '--no-index', '--stdin', '-z'], {
      cwd: repoDir,
      input: `${paths.join('\0')}\0`,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    // exit 1: none is ignored (or no git work tree)
    return new Set();
  }
}
