import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * A seeded fault (fixtures/faults/<name>/fault.yaml): what it breaks in the reference target and
 * which item must then fail, with a message matching `expect`.
 */
const editSchema = z.union([
  z.object({ file: z.string(), append: z.string().describe('dotted path of a YAML list'), value: z.unknown() }).strict(),
  z.object({ file: z.string(), set: z.string().describe('dotted path of a YAML key'), value: z.unknown() }).strict(),
]);

export const faultSchema = z
  .object({
    item: z.string().regex(/^(PRE|DEP|SMOKE|VER|RB|SO)-[\d.]+$/, 'an item id such as VER-1'),
    description: z.string().min(10, 'say what the fault breaks'),
    expect: z.string().min(1, 'a regular expression the failure message must match'),
    /** Files of the monitoring tree to delete. */
    remove: z.array(z.string()).default([]),
    /** Structured edits of YAML files of the monitoring tree. */
    edits: z.array(editSchema).default([]),
    /** Environment of the application container (its fault knobs). */
    appEnv: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type Fault = z.output<typeof faultSchema> & { name: string; dir: string };

/** A fault that does not exist or does not parse: bad input, reported before anything starts. */
export class FaultDefinitionError extends Error {
  override readonly name = 'FaultDefinitionError';
}

export const FAULTS_DIR = resolve('fixtures/faults');

export function loadFault(name: string, faultsDir = FAULTS_DIR): Fault {
  const dir = join(faultsDir, name);
  const file = join(dir, 'fault.yaml');
  if (!existsSync(file)) {
    const known = existsSync(faultsDir) ? readdirSync(faultsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).join(', ') : 'none';
    throw new FaultDefinitionError(`--fault ${name}: no ${file} (known faults: ${known})`);
  }
  const parsed = faultSchema.safeParse(parseDocument(readFileSync(file, 'utf8')).toJS());
  if (!parsed.success) {
    throw new FaultDefinitionError(`${file} is not a valid fault:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
  }
  return { ...parsed.data, name, dir };
}

export function listFaults(faultsDir = FAULTS_DIR): Fault[] {
  return readdirSync(faultsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(faultsDir, e.name, 'fault.yaml')))
    .map((e) => loadFault(e.name, faultsDir));
}

function applyEdit(root: string, edit: z.output<typeof editSchema>): void {
  const path = join(root, edit.file);
  if (!existsSync(path)) throw new FaultDefinitionError(`fault edit: ${edit.file} does not exist in the monitoring tree`);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  if ('append' in edit) {
    const keys = edit.append.split('.');
    const list = doc.getIn(keys);
    if (!list || typeof list !== 'object' || !('items' in list)) throw new FaultDefinitionError(`fault edit: ${edit.file} has no list at ${edit.append}`);
    doc.addIn(keys, doc.createNode(edit.value));
  } else {
    doc.setIn(edit.set.split('.'), doc.createNode(edit.value));
  }
  writeFileSync(path, doc.toString());
}

/**
 * A copy of the monitoring tree with the fault applied: the fault's own `monitoring/` folder laid
 * over it, then `remove`, then `edits`. The original tree is never touched.
 */
export function materializeMonitoring(sourceDir: string, fault: Fault | undefined, workDir: string): string {
  if (!fault) return sourceDir;
  const target = join(workDir, 'monitoring');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(sourceDir, target, { recursive: true });
  const overlay = join(fault.dir, 'monitoring');
  if (existsSync(overlay)) cpSync(overlay, target, { recursive: true });
  for (const file of fault.remove) rmSync(join(target, file), { force: true, recursive: true });
  for (const edit of fault.edits) applyEdit(target, edit);
  return target;
}
