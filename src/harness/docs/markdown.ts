import { readFileSync } from 'node:fs';
import GithubSlugger from 'github-slugger';
import type { Code, Heading, InlineCode, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** What the documentation items read from one Markdown document (parsed by remark, GFM). */
export interface MarkdownFacts {
  /** Words of prose: paragraphs, lists, tables and quotes; not headings, not code. */
  words: number;
  /** Headings below the title (depth >= 2). */
  sections: number;
  /** Fragment ids a link may target: GitHub's heading slugs and explicit id/name anchors. */
  anchors: Set<string>;
  /** Link, image and definition targets, with their line. */
  links: { url: string; line: number }[];
  /** Inline code spans. */
  inlineCode: { value: string; line: number }[];
  /** Fenced or indented code blocks. */
  code: { lang: string; value: string; line: number }[];
}

const parser = unified().use(remarkParse).use(remarkGfm);
const HTML_ANCHOR = /<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi;

export function parseMarkdown(text: string): MarkdownFacts {
  const tree = parser.parse(text) as Root;
  const slugger = new GithubSlugger();
  const facts: MarkdownFacts = { words: 0, sections: 0, anchors: new Set(), links: [], inlineCode: [], code: [] };
  const line = (node: { position?: { start: { line: number } } }) => node.position?.start.line ?? 0;
  visit(tree, (node) => {
    switch (node.type) {
      case 'heading': {
        const heading = node as Heading;
        facts.anchors.add(slugger.slug(toString(heading)));
        if (heading.depth >= 2) facts.sections += 1;
        return 'skip';
      }
      case 'text':
        facts.words += node.value.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
        return undefined;
      case 'html':
        for (const m of node.value.matchAll(HTML_ANCHOR)) facts.anchors.add(m[1]!);
        return undefined;
      case 'link':
      case 'image':
      case 'definition':
        facts.links.push({ url: node.url, line: line(node) });
        return undefined;
      case 'inlineCode':
        facts.inlineCode.push({ value: (node as InlineCode).value, line: line(node) });
        return undefined;
      case 'code': {
        const code = node as Code;
        facts.code.push({ lang: (code.lang ?? '').toLowerCase(), value: code.value, line: line(node) });
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return facts;
}

const parsed = new Map<string, MarkdownFacts>();
/** Parses a file once per worker (PRE-2.1, 2.2 and 2.3 read the same documents). */
export function markdownFile(path: string): MarkdownFacts {
  let facts = parsed.get(path);
  if (!facts) {
    facts = parseMarkdown(readFileSync(path, 'utf8'));
    parsed.set(path, facts);
  }
  return facts;
}
