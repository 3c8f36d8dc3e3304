import type { MarkdownFacts } from './markdown.js';

/** What a document mentions that must exist in the repository. */
export interface Mentions {
  paths: { value: string; line: number }[];
  scripts: { script: string; workspace: string | null; line: number; text: string }[];
  variables: { name: string; line: number }[];
}

const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session']);
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const VARIABLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const SHELL_VARIABLE = /\$\{?([A-Z][A-Z0-9_]+)/g;
const ASSIGNMENT = /^([A-Z][A-Z0-9_]+)=/;

/** A word that names a repository path: relative, no placeholders, a file extension or several segments. */
export function pathLike(word: string, topLevel: Set<string>): boolean {
  const w = word.replace(/[),.;:]+$/, '');
  if (!w || SCHEME.test(w) || w.startsWith('/') || w.startsWith('-') || w.startsWith('~') || /[<>{}*$?[\]|=@:'"`\\]|\.\.\./.test(w)) return false;
  const segments = w.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  if (segments.some((s) => !s)) return false;
  const hasExtension = /\.[a-z][a-z0-9]{0,9}$/i.test(segments.at(-1)!) && !/^\d/.test(segments.at(-1)!);
  // A bare file name (sessions.jsonl, docker.io) names no place in the repository.
  if (segments.length === 1) return w.startsWith('./');
  return hasExtension || topLevel.has(segments[0]!) || w.startsWith('./');
}

/** The command lines of a shell block with their offset in it: `$ ` prompts in console blocks, every line otherwise. */
function commandLines(lang: string, value: string): { text: string; offset: number }[] {
  const console = lang === 'console' || lang === 'shell-session';
  const lines: { text: string; offset: number }[] = [];
  let pending: { text: string; offset: number } | null = null;
  value.split('\n').forEach((raw, offset) => {
    if (console && !pending && !/^\s*\$ /.test(raw)) return;
    const text = (console && !pending ? raw.replace(/^\s*\$ /, '') : raw).replace(/(^|\s)#.*$/, '');
    const current: { text: string; offset: number } = pending ? { text: `${pending.text} ${text}`, offset: pending.offset } : { text, offset };
    // a trailing backslash continues the command on the next line
    if (/\\\s*$/.test(current.text)) pending = { text: current.text.replace(/\\\s*$/, ''), offset: current.offset };
    else {
      pending = null;
      if (current.text.trim()) lines.push(current);
    }
  });
  return lines;
}

function npmScripts(command: string, line: number, out: Mentions['scripts']): void {
  for (const segment of command.split(/&&|\|\||;|\|/)) {
    const words = segment.trim().split(/\s+/);
    const at = words.indexOf('npm');
    if (at < 0) continue;
    const rest = words.slice(at + 1);
    let workspace: string | null = null;
    const positional: string[] = [];
    for (let i = 0; i < rest.length; i += 1) {
      const w = rest[i]!;
      if (w === '--') break;
      if (w === '-w' || w === '--workspace' || w === '--prefix') workspace = rest[++i] ?? null;
      else if (w.startsWith('--workspace=') || w.startsWith('--prefix=')) workspace = w.split('=')[1] ?? null;
      else if (!w.startsWith('-')) positional.push(w);
    }
    const [sub, script] = positional;
    if ((sub === 'run' || sub === 'run-script') && script) out.push({ script, workspace, line, text: segment.trim() });
    else if (sub === 'test' || sub === 't') out.push({ script: 'test', workspace, line, text: segment.trim() });
  }
}

/** Paths, npm scripts and environment variables a document mentions in code (inline and shell blocks). */
export function mentionsOf(facts: MarkdownFacts, topLevel: Set<string>): Mentions {
  const m: Mentions = { paths: [], scripts: [], variables: [] };
  for (const { value, line } of facts.inlineCode) {
    const v = value.trim();
    if (VARIABLE.test(v)) m.variables.push({ name: v, line });
    else if (/^npm\s/.test(v)) npmScripts(v, line, m.scripts);
    else for (const word of v.split(/\s+/)) if (pathLike(word, topLevel)) m.paths.push({ value: word.replace(/[),.;:]+$/, ''), line });
  }
  for (const block of facts.code.filter((c) => SHELL.has(c.lang))) {
    commandLines(block.lang, block.value).forEach(({ text: command, offset }) => {
      const line = block.line + 1 + offset;
      npmScripts(command, line, m.scripts);
      for (const v of command.matchAll(SHELL_VARIABLE)) m.variables.push({ name: v[1]!, line });
      for (const word of command.trim().split(/\s+/)) {
        const assigned = ASSIGNMENT.exec(word);
        if (assigned) m.variables.push({ name: assigned[1]!, line });
        else if (pathLike(word, topLevel)) m.paths.push({ value: word.replace(/[),.;:]+$/, ''), line });
      }
    });
  }
  return m;
}
