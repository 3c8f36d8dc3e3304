import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One checklist test as declared in a test file: `item('ID', ...)`, `attested('ID')` or `notImplemented('ID')`. */
export interface Declaration {
  id: string;
  file: string;
  line: number;
  implemented: boolean;
  runner: 'vitest' | 'playwright';
}

const DECLARATION = /\b(item|notImplemented|attested)\(\s*['"]([A-Z]+-[\d.]+)['"]/g;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.(test|spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every checklist test under `testsDir`, read from source: the item wrappers take the id as a
 * literal first argument, so a static read finds them all without running anything.
 */
export function scanDeclarations(testsDir: string, root = process.cwd()): Declaration[] {
  return testFiles(testsDir).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const found: Declaration[] = [];
    for (const match of text.matchAll(DECLARATION)) {
      found.push({
        id: match[2]!,
        file: relative(root, path),
        line: text.slice(0, match.index).split('\n').length,
        implemented: match[1] !== 'notImplemented',
        runner: path.endsWith('.spec.ts') ? 'playwright' : 'vitest',
      });
    }
    return found;
  });
}

/** Problems between the registry and the declarations: an item with no test, an unknown id, an id claimed twice. */
export function declarationProblems(registryIds: readonly string[], declarations: readonly Declaration[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Declaration[]>();
  for (const d of declarations) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  for (const id of registryIds) {
    if (!byId.has(id))
      problems.push(`[Item:${id}] has no test. Hint: declare item('${id}', ...) or notImplemented('${id}') in the section's file under tests/.`);
  }
  for (const [id, list] of byId) {
    if (!registryIds.includes(id))
      problems.push(`[Item:${id}] is declared at ${list.map((d) => `${d.file}:${d.line}`).join(', ')} but is not in the registry.`);
    if (list.length > 1)
      problems.push(`[Item:${id}] is claimed by ${list.length} tests: ${list.map((d) => `${d.file}:${d.line}`).join(', ')}. Hint: one item, one test.`);
  }
  return problems;
}
