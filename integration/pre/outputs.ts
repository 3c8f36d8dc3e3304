import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliRun } from '../faults/harness.js';

/** Everything a run let out: its stdout and stderr and every file of its reports directory (sign-off, Allure results, attachments). */
export function everyOutput(run: CliRun): { source: string; text: string }[] {
  const files = readdirSync(run.reportsDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  return [
    { source: 'stdout', text: run.stdout },
    { source: 'stderr', text: run.stderr },
    ...files.map((f) => ({ source: f, text: readFileSync(f).toString('utf8') })),
  ];
}
