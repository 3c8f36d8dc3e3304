import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { DocsSettings } from '../../deployment/repo-settings.js';
import type { Finding } from '../../registry/errors.js';
import { repoFiles } from '../repo/files.js';
import { markdownFile } from './markdown.js';

/** The seven documents PRE-2.1 names, and the file names each is known by (lower case, `-` for space or `_`). */
export const SEED_DOCUMENTS: readonly { name: string; names: string[] }[] = [
  { name: 'README', names: ['readme'] },
  { name: 'Operator Guide', names: ['operator-guide', 'operators-guide', 'operations-guide', 'operator', 'operations', 'ops-guide'] },
  { name: 'Developer Guide', names: ['developer-guide', 'developers-guide', 'development-guide', 'development', 'developer', 'contributing'] },
  { name: 'Runbook', names: ['runbook', 'runbooks', 'run-book'] },
  { name: 'Troubleshooting Guide', names: ['troubleshooting', 'troubleshooting-guide', 'troubleshoot'] },
  { name: 'API Reference', names: ['api-reference', 'api', 'api-docs', 'api-guide', 'reference'] },
  { name: 'Architecture', names: ['architecture', 'architecture-overview', 'design'] },
];
/** Where documents live, in the order they are preferred. */
const DOC_DIRS = ['', 'docs', 'doc', 'documentation'];
const MARKDOWN = /\.(md|markdown)$/i;

export interface DocumentRef {
  name: string;
  /** Relative to the repository; null when no file was found. */
  path: string | null;
}

const normal = (file: string) =>
  basename(file, extname(file))
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** The documents to check: DOCS as configured, or each seed document found by its file name. */
export function documents(repoDir: string, settings: DocsSettings): DocumentRef[] {
  if (settings.list) return settings.list.map((d) => ({ name: d.name, path: d.path }));
  const markdown = repoFiles(repoDir).filter((f) => MARKDOWN.test(f) && DOC_DIRS.includes(dirname(f) === '.' ? '' : dirname(f).toLowerCase()));
  return SEED_DOCUMENTS.map((doc) => {
    for (const dir of DOC_DIRS)
      for (const name of doc.names) {
        const hit = markdown.find((f) => (dirname(f) === '.' ? '' : dirname(f).toLowerCase()) === dir && normal(f) === name);
        if (hit) return { name: doc.name, path: hit };
      }
    return { name: doc.name, path: null };
  });
}

/** The Markdown files where documents are looked for, to list when one is missing. */
export function markdownCandidates(repoDir: string): string[] {
  return repoFiles(repoDir)
    .filter((f) => MARKDOWN.test(f) && !f.includes('node_modules/'))
    .slice(0, 40);
}

/** PRE-2.1: each document exists and has real content (words of prose and sections). */
export function documentFindings(repoDir: string, settings: DocsSettings, docs: DocumentRef[]): { findings: Finding[]; measured: Record<string, unknown>[] } {
  const findings: Finding[] = [];
  const measured: Record<string, unknown>[] = [];
  const configured = settings.list ? 'DOCS' : `file names ${DOC_DIRS.map((d) => (d ? `${d}/` : '(root)')).join(', ')}`;
  for (const doc of docs) {
    const path = doc.path ? join(repoDir, doc.path) : null;
    if (!path || !existsSync(path) || !statSync(path).isFile()) {
      const names = SEED_DOCUMENTS.find((d) => d.name === doc.name)?.names ?? [];
      findings.push({
        expected: `the ${doc.name} document`,
        found: doc.path
          ? `no file ${doc.path}`
          : `no Markdown file named ${names.join(' / ')} in ${configured}; Markdown files there: ${markdownCandidates(repoDir).join(', ') || 'none'}`,
        where: repoDir,
        hint: `write it, or name it in DOCS (e.g. DOCS=${doc.name}=docs/x.md,...)`,
      });
      measured.push({ name: doc.name, path: doc.path, exists: false });
      continue;
    }
    const facts = markdownFile(path);
    measured.push({ name: doc.name, path: doc.path, words: facts.words, sections: facts.sections });
    if (facts.words < settings.minWords || facts.sections < settings.minSections) {
      findings.push({
        expected: `${doc.name} with real content: at least ${settings.minWords} words of prose and ${settings.minSections} sections (DOC_MIN_WORDS, DOC_MIN_SECTIONS)`,
        found: `a stub: ${facts.words} words, ${facts.sections} sections`,
        where: doc.path!,
        hint: `write the ${doc.name}; headings and code do not count as content`,
      });
    }
  }
  return { findings, measured };
}
