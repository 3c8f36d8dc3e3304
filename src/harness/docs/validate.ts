import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Finding } from '../../registry/errors.js';
import { ignoredByGit, repoFiles } from '../repo/files.js';
import { packageScripts } from '../code/defaults.js';
import { markdownFile } from './markdown.js';
import { mentionsOf } from './mentions.js';

/** Variables every shell or tool defines: a document may name them without the repository doing so. */
const STANDARD_VARIABLES =
  /^(HOME|PATH|USER|PWD|SHELL|LANG|TZ|TMPDIR|HOSTNAME|EDITOR|CI|DEBUG|NODE_ENV|NODE_OPTIONS|NO_COLOR|FORCE_COLOR|DOCKER_[A-Z_]+|COMPOSE_[A-Z_]+|NPM_CONFIG_[A-Z_]+|XDG_[A-Z_]+)$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;

const inside = (repoDir: string, path: string) => {
  const rel = relative(repoDir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Every UPPER_SNAKE word of the repository's non-Markdown text files: where a variable can be defined or read. */
function repositoryWords(repoDir: string): Set<string> {
  const words = new Set<string>();
  for (const file of repoFiles(repoDir)) {
    if (/\.(md|markdown|png|jpe?g|gif|ico|woff2?|gz|tgz|zip|pdf)$/i.test(file)) continue;
    const path = join(repoDir, file);
    try {
      if (statSync(path).size > 2_000_000) continue;
      for (const m of readFileSync(path, 'utf8').matchAll(/\b[A-Z][A-Z0-9_]+\b/g)) words.add(m[0]);
    } catch {
      // unreadable (a broken link): nothing defined there
    }
  }
  return words;
}

/**
 * PRE-2.2: in each document, every relative link and anchor resolves, and the files, npm scripts and
 * environment variables it mentions in code exist in the repository (or, for paths, are build output
 * git ignores). Each finding names the document and line.
 */
export function documentationFindings(repoDir: string, docPaths: string[], appDir: string): Finding[] {
  const findings: Finding[] = [];
  const files = repoFiles(repoDir);
  const topLevel = new Set(files.map((f) => f.split('/')[0]!).filter((f, _i, all) => all.length > 0 && f));
  const words = repositoryWords(repoDir);
  for (const doc of docPaths) {
    const docAbs = join(repoDir, doc);
    const facts = markdownFile(docAbs);
    for (const { url, line } of facts.links) {
      if (!url || SCHEME.test(url)) continue;
      const [rawPath = '', fragment] = url.split('#', 2);
      const path = decodeURIComponent(rawPath);
      const targetAbs = path ? (path.startsWith('/') ? join(repoDir, path) : resolve(dirname(docAbs), path)) : docAbs;
      if (!inside(repoDir, targetAbs) || !existsSync(targetAbs)) {
        findings.push({
          expected: `the link target ${path} to exist`,
          found: inside(repoDir, targetAbs) ? 'no such file' : 'a path outside the repository',
          where: `${doc}:${line}`,
          hint: 'fix the link or restore the file',
        });
        continue;
      }
      if (fragment && /\.(md|markdown)$/i.test(targetAbs) && statSync(targetAbs).isFile()) {
        const anchors = markdownFile(targetAbs).anchors;
        const wanted = decodeURIComponent(fragment);
        if (!anchors.has(wanted) && !anchors.has(wanted.toLowerCase())) {
          findings.push({
            expected: `the anchor #${wanted} in ${relative(repoDir, targetAbs)}`,
            found: `no heading or anchor with that id (ids there: ${[...anchors].slice(0, 15).join(', ')}${anchors.size > 15 ? ', ...' : ''})`,
            where: `${doc}:${line}`,
            hint: 'link to an existing heading (its GitHub slug) or add the anchor',
          });
        }
      }
    }
    const mentions = mentionsOf(facts, topLevel);
    // A path that leaves the repository (../elsewhere) names no part of it: not checked.
    const missingPaths = mentions.paths.filter(
      ({ value }) => inside(repoDir, resolve(dirname(docAbs), value)) && ![repoDir, dirname(docAbs), appDir].some((base) => existsSync(join(base, value))),
    );
    const ignored = ignoredByGit(
      repoDir,
      missingPaths.map((p) => p.value.replace(/^\.\//, '')),
    );
    for (const { value, line } of missingPaths.filter((p) => !ignored.has(p.value.replace(/^\.\//, '')))) {
      findings.push({
        expected: `the file ${value} the document names to exist`,
        found: 'no such file or directory in the repository',
        where: `${doc}:${line}`,
        hint: 'correct the path in the document, or add the file',
      });
    }
    for (const { script, workspace, line, text } of mentions.scripts) {
      const dirs = workspace ? [join(repoDir, workspace)] : [repoDir, dirname(docAbs), appDir];
      const scripts = dirs.map((d) => ({ dir: d, scripts: packageScripts(d) })).filter((d) => d.scripts);
      if (scripts.some((d) => d.scripts![script])) continue;
      const offered = scripts.map((d) => `${relative(repoDir, join(d.dir, 'package.json'))}: ${Object.keys(d.scripts!).join(', ')}`).join('; ');
      findings.push({
        expected: `the npm script "${script}" that \`${text}\` runs`,
        found: `no such script (${offered || 'no package.json'})`,
        where: `${doc}:${line}`,
        hint: 'add the script to package.json, or correct the command in the document',
      });
    }
    const unknown = new Map<string, number>();
    for (const { name, line } of mentions.variables) if (!words.has(name) && !STANDARD_VARIABLES.test(name) && !unknown.has(name)) unknown.set(name, line);
    for (const [name, line] of unknown) {
      findings.push({
        expected: `the environment variable ${name} to be used by the repository (code, compose files, .env.example)`,
        found: 'no file outside the documentation names it',
        where: `${doc}:${line}`,
        hint: 'correct the name, or document only variables the deployment reads',
      });
    }
  }
  return findings;
}
