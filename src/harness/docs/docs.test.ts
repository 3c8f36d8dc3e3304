import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown.js';
import { mentionsOf, pathLike } from './mentions.js';
import { documentationFindings } from './validate.js';
import { documentFindings, documents } from './documents.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-test-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

const prose = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('markdown facts', () => {
  it('counts prose, not headings or code; slugs headings like GitHub', () => {
    const facts = parseMarkdown('# Title\n\n## Off-site copy\n\nOne two three.\n\n```bash\nnpm run x\n```\n\n<a id="custom"></a>\n');
    expect(facts.words).toBe(3);
    expect(facts.sections).toBe(1);
    expect([...facts.anchors]).toEqual(expect.arrayContaining(['title', 'off-site-copy', 'custom']));
  });
  it('takes paths, npm scripts and variables from inline code and shell blocks only', () => {
    const facts = parseMarkdown(
      'Use `monitoring/prometheus.yml`, `GRAFANA_PASSWORD`, `text/plain`, `/var/data`, `npm run lint -w app`.\n\n```bash\nFOO_BAR=1 bash scripts/x.sh $HOME_DIR  # comment `docs/y.md`\n```\n\n```yaml\nkey: scripts/not-a-command.sh\n```\n',
    );
    const m = mentionsOf(facts, new Set(['monitoring', 'scripts']));
    expect(m.paths.map((p) => p.value)).toEqual(['monitoring/prometheus.yml', 'scripts/x.sh']);
    expect(m.scripts).toEqual([expect.objectContaining({ script: 'lint', workspace: 'app' })]);
    expect(m.variables.map((v) => v.name).sort()).toEqual(['FOO_BAR', 'GRAFANA_PASSWORD', 'HOME_DIR']);
  });
  it('knows a path from a MIME type, an image name or a URL', () => {
    const top = new Set(['docs']);
    expect(pathLike('docs/x', top)).toBe(true);
    expect(pathLike('a/b.md', top)).toBe(true);
    expect(pathLike('application/json', top)).toBe(false);
    expect(pathLike('prom/prometheus:v3', top)).toBe(false);
    expect(pathLike('https://x/y.md', top)).toBe(false);
    expect(pathLike('sessions.jsonl', top)).toBe(false);
  });
});

describe('documentation findings', () => {
  it('finds dead links, dead anchors, missing files, scripts and variables; passes the good ones', () => {
    const dir = repo({
      'package.json': JSON.stringify({ scripts: { lint: 'eslint .' } }),
      'compose.yml': 'services: { a: { environment: { X: "${KNOWN_VAR}" } } }\n',
      'docs/b.md': '# B\n\n## Real heading\n',
      'README.md':
        '# R\n\n[ok](docs/b.md#real-heading) [dead](docs/c.md) [anchor](docs/b.md#nope) [web](https://x.invalid/y)\n\n```sh\nnpm run lint\nnpm run missing\nbash docs/b.md\nbash scripts/gone.sh\nKNOWN_VAR=1 UNKNOWN_VAR=2 true\n```\n',
    });
    const found = documentationFindings(dir, ['README.md'], dir).map((f) => `${f.where} ${f.expected}`);
    expect(found).toEqual([
      'README.md:3 the link target docs/c.md to exist',
      'README.md:3 the anchor #nope in docs/b.md',
      'README.md:9 the file scripts/gone.sh the document names to exist',
      'README.md:7 the npm script "missing" that `npm run missing` runs',
      'README.md:10 the environment variable UNKNOWN_VAR to be used by the repository (code, compose files, .env.example)',
    ]);
  });
  it('finds the seven documents by name and tells a stub', () => {
    const dir = repo({ 'README.md': `# R\n\n## A\n\n## B\n\n${prose(200)}\n`, 'docs/Operator_Guide.md': '# Ops\n\nTODO\n' });
    const docs = documents(dir, { list: null, minWords: 150, minSections: 2 });
    expect(docs.slice(0, 2)).toEqual([
      { name: 'README', path: 'README.md' },
      { name: 'Operator Guide', path: 'docs/Operator_Guide.md' },
    ]);
    const { findings } = documentFindings(dir, { list: null, minWords: 150, minSections: 2 }, docs);
    expect(findings.map((f) => f.found)).toEqual([
      expect.stringMatching(/^a stub: 1 words, 0 sections/),
      ...Array(5).fill(expect.stringMatching(/^no Markdown file named/)),
    ]);
  });
});
