import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The numbers a capacity plan must state (seed, PRE-10.2), each recognised by a number with its unit. */
export const CAPACITY_STATEMENTS = {
  'requests/s': {
    example: 'Sustains 1000 requests/s on /metrics',
    test: (line: string) => /\d[\d,.]*\s*k?\s*(requests?|req|queries|calls)\s*(\/|per)\s*(s|sec|second)\b|\d[\d,.]*\s*k?\s*(rps|qps|req\/s)\b/i.test(line),
  },
  memory: {
    example: 'Memory: 1 GiB limit per server, ~70 MB RSS at rest',
    test: (line: string) => /(?<![\w-])(memory|ram|rss|heap)(?![\w-])/i.test(line) && /\d[\d,.]*\s*[kmgt]i?b\b/i.test(line),
  },
  'disk growth': {
    example: 'Disk growth: ~10 MB per day',
    test: (line: string) =>
      /\d[\d,.]*\s*[kmgt]i?b\b/i.test(line) && /(\/|\bper\b|\ba\b)\s*(day|week|month|hour|d)\b|\b(growth|grows|daily|per day)\b/i.test(line),
  },
  retention: {
    example: 'Retention: 15 days (--storage.tsdb.retention.time=15d)',
    test: (line: string) => /retention/i.test(line) && /\d+\s*(d|days?|w|weeks?|y|years?|h|hours?|months?)\b/i.test(line),
  },
} as const;
export type CapacityStatement = keyof typeof CAPACITY_STATEMENTS;

/** Markdown or text files of the repository (root and one level down) whose name says "capacity". */
export function findCapacityDocs(repoDir: string): string[] {
  const found: string[] = [];
  const look = (dir: string, level: number) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && /capacity/i.test(entry.name) && /\.(md|markdown|txt|adoc|rst)$/i.test(entry.name)) found.push(join(dir, entry.name));
      else if (entry.isDirectory() && level < 2 && !['node_modules', '.git'].includes(entry.name) && !entry.name.startsWith('.'))
        look(join(dir, entry.name), level + 1);
    }
  };
  look(repoDir, 0);
  return found.sort();
}

export interface CapacityReading {
  file: string;
  /** For each statement, the first line that states it, or null. */
  stated: Record<CapacityStatement, string | null>;
}

/** Which of the required numbers a capacity document states, with the line that states each. */
export function readCapacityDoc(repoDir: string, file: string): CapacityReading {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stated = Object.fromEntries(
    Object.entries(CAPACITY_STATEMENTS).map(([name, s]) => [name, lines.find((line) => s.test(line))?.slice(0, 200) ?? null]),
  ) as Record<CapacityStatement, string | null>;
  return { file: relative(repoDir, file), stated };
}
