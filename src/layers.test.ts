import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The lint gate's dependency rules (.dependency-cruiser.cjs), run exactly as `npm run lint:deps`
 * runs them, on small synthetic trees: a clean layering passes; an upward import, a cycle between
 * folders, a cycle inside a folder and an import of tests/ from src/ each fail it.
 */
const root = resolve(import.meta.dirname, '..');
const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['lint:deps']!;
const dirs: string[] = [];

const CLEAN: Record<string, string> = {
  'src/registry/items.ts': `export const ITEMS = ['VER-1'];\n`,
  'src/secrets/redact.ts': `export const redact = (s: string): string => s;\n`,
  'src/probes/http.ts': `import { redact } from '../secrets/redact.js';\nexport const get = (u: string): string => redact(u);\n`,
  'src/harness/item.ts': `import { get } from '../probes/http.js';\nimport { ITEMS } from '../registry/items.js';\nexport const item = (): string => get(ITEMS[0] ?? '');\n`,
  'src/cli.ts': `import { item } from './harness/item.js';\nitem();\n`,
  'tests/verify/a.test.ts': `import { item } from '../../src/harness/item.js';\nitem();\n`,
  'integration/a.test.ts': `import { ITEMS } from '../src/registry/items.js';\nexport const n = ITEMS.length;\n`,
};

/** Runs the lint:deps script in a temp tree; returns its exit code and output. */
async function lintDeps(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
  return new Promise((done) => {
    execFile('sh', ['-c', script], { cwd: dir, env, timeout: 150_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, output: stdout + stderr });
    });
  });
}

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the dependency rules of npm run lint', () => {
  it('pass a tree that imports downward only, and fail naming an upward import, a folder cycle, a cycle and an import of tests/', async () => {
    // Two runs (the rules are costly to load): the clean tree, and one tree holding each kind of violation, each reported by its own rule.
    const [clean, broken] = await Promise.all([
      lintDeps(CLEAN),
      lintDeps({
        ...CLEAN,
        // probes -> stack: an upward import (the stack starts containers, probes start nothing).
        'src/stack/start.ts': `export const start = 1;\n`,
        'src/probes/http.ts': `import { start } from '../stack/start.js';\nexport const get = (u: string): string => u + start;\n`,
        // registry <-> harness: the cycle between folders the issue names.
        'src/registry/items.ts': `import { item } from '../harness/item.js';\nexport const ITEMS = ['VER-1'];\nexport const f = item;\n`,
        // a cycle inside one folder.
        'src/tools/a.ts': `import { b } from './b.js';\nexport const a = (): number => b() + 1;\n`,
        'src/tools/b.ts': `import { a } from './a.js';\nexport const b = (): number => a() - 1;\n`,
        // src importing the checklist.
        'src/signoff/read.ts': `import '../../tests/verify/a.test.js';\nexport const read = 1;\n`,
      }),
    ]);
    expect(clean, clean.output).toMatchObject({ code: 0 });
    expect(broken.code, broken.output).not.toBe(0);
    expect(broken.output).toMatch(/layer-probes: src\/probes\/http\.ts → src\/stack\/start\.ts/);
    expect(broken.output).toMatch(/layer-registry: src\/registry\/items\.ts → src\/harness\/item\.ts/);
    expect(broken.output).toMatch(/no-circular: src\/(registry\/items|harness\/item)\.ts/);
    expect(broken.output).toMatch(/no-circular: src\/tools\/(a|b)\.ts/);
    expect(broken.output).toMatch(/src-not-to-tests: src\/signoff\/read\.ts → tests\/verify\/a\.test\.ts/);
  }, 180_000);
});
