import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KNOWN_VARIABLES } from '../deployment/schema.js';

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
    /**
     * `false`: the fault breaks the tree so that the reference stack could not start (a rule file
     * Prometheus refuses); the run decides the item from the tree alone, without a stack.
     */
    stack: z.boolean().default(true),
    /**
     * Edits of the tree under test made after the stack was deployed from it: what runs is not what
     * the tree says (a change never deployed, a reload never done).
     */
    treeEdits: z.array(editSchema).default([]),
    /** Services of the reference stack stopped once it is ready (a part that went down after the deployment). */
    stopAfterStart: z.array(z.enum(['app', 'prometheus', 'alertmanager', 'grafana', 'receiver'])).default([]),
    /** Commands run in a service's container once the stack is ready (e.g. remove the application's data directory). */
    execAfterStart: z
      .array(z.object({ service: z.enum(['app', 'prometheus', 'alertmanager', 'grafana', 'receiver']), command: z.array(z.string()).min(1) }).strict())
      .default([]),
    /** Environment of the application container (its fault knobs). */
    appEnv: z.record(z.string(), z.string()).default({}),
    /** Environment of the notification receiver container (its fault knobs, e.g. SLACK_FAIL_STATUS). */
    receiverEnv: z.record(z.string(), z.string()).default({}),
    /**
     * Variables of the target, as its .env file would set them, over the reference deployment's
     * own (e.g. a port that must be open, a hostname that must resolve, the release image's tag).
     */
    settings: z
      .record(z.string(), z.string())
      .refine((v) => Object.keys(v).every((k) => KNOWN_VARIABLES.includes(k)), 'names a variable that .env.example does not document')
      .default({}),
    /**
     * Changes to the target's repository (paths relative to its root), for items that read the
     * repository: the run checks a copy (tracked files, committed in a fresh git repository, then
     * these changes left uncommitted). `write` creates or replaces files, `replace` edits text.
     */
    repo: z
      .object({
        remove: z.array(z.string()).default([]),
        write: z.record(z.string(), z.string()).default({}),
        replace: z.array(z.object({ file: z.string(), find: z.string().min(1), with: z.string() }).strict()).default([]),
        /** Run git in the copy after the changes (e.g. [["add", "-A"], ["commit", "-qm", "x"]]). */
        git: z.array(z.array(z.string())).default([]),
      })
      .strict()
      .optional(),
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
    const known = existsSync(faultsDir)
      ? readdirSync(faultsDir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .join(', ')
      : 'none';
    throw new FaultDefinitionError(`--fault ${name}: no ${file} (known faults: ${known})`);
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  let data: unknown;
  try {
    if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
    data = doc.toJS();
  } catch (error) {
    throw new FaultDefinitionError(`${file} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = faultSchema.safeParse(data);
  if (!parsed.success) {
    throw new FaultDefinitionError(
      `${file} is not a valid fault:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`,
    );
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
function copyMonitoringWithFault(sourceDir: string, fault: Fault, workDir: string): string {
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

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

/**
 * A copy of the target repository with the fault's `repo` changes: the files git tracks (and
 * untracked ones it does not ignore), committed in a fresh repository so that "modified against
 * HEAD" means the fault's changes; node_modules is linked, not copied.
 */
export function materializeRepo(sourceDir: string, fault: Fault, workDir: string): string {
  const target = join(workDir, 'repo');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const files = git(sourceDir, ['ls-files', '-co', '--exclude-standard', '-z'])
    .split('\0')
    .filter((f) => f && existsSync(join(sourceDir, f)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(sourceDir, file), join(target, file));
  }
  for (const modules of ['node_modules', ...files.filter((f) => f.endsWith('/package.json')).map((f) => join(dirname(f), 'node_modules'))]) {
    if (existsSync(join(sourceDir, modules)) && !existsSync(join(target, modules))) symlinkSync(join(sourceDir, modules), join(target, modules), 'dir');
  }
  git(target, ['init', '-q']);
  git(target, ['add', '-A']);
  git(target, ['-c', 'user.name=checklist', '-c', 'user.email=checklist@invalid', 'commit', '-qm', 'target repository before the fault', '--no-gpg-sign']);
  const ops = fault.repo!;
  for (const file of ops.remove) rmSync(join(target, file), { force: true, recursive: true });
  for (const [file, content] of Object.entries(ops.write)) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    writeFileSync(join(target, file), content);
  }
  for (const r of ops.replace) {
    const path = join(target, r.file);
    if (!existsSync(path)) throw new FaultDefinitionError(`fault ${fault.name}: repo.replace: ${r.file} does not exist`);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(r.find)) throw new FaultDefinitionError(`fault ${fault.name}: repo.replace: "${r.find}" is not in ${r.file}`);
    writeFileSync(path, text.split(r.find).join(r.with));
  }
  for (const args of ops.git) git(target, ['-c', 'user.name=checklist', '-c', 'user.email=checklist@invalid', ...args]);
  return target;
}

/**
 * The target tree a run checks: the repository and its monitoring tree, with the fault applied to a
 * copy (never to the originals). Without a fault, the originals themselves.
 */
export function materializeTarget(repoDir: string, fault: Fault | undefined, workDir: string): { repoDir: string; monitoringDir: string; deployedDir: string } {
  if (!fault) return { repoDir, monitoringDir: join(repoDir, 'monitoring'), deployedDir: join(repoDir, 'monitoring') };
  const repo = fault.repo ? materializeRepo(repoDir, fault, workDir) : repoDir;
  const deployedDir = materializeMonitoring(join(repo, 'monitoring'), fault, workDir);
  if (!fault.treeEdits.length) return { repoDir: repo, monitoringDir: deployedDir, deployedDir };
  // The tree under test drifts from what was deployed: a second copy with the tree edits.
  const treeDir = join(workDir, 'tree', 'monitoring');
  mkdirSync(dirname(treeDir), { recursive: true });
  cpSync(deployedDir, treeDir, { recursive: true });
  for (const edit of fault.treeEdits) applyEdit(treeDir, edit);
  return { repoDir: repo, monitoringDir: treeDir, deployedDir };
}

/** A copy of the monitoring tree with the fault applied (see copyMonitoringWithFault); the original tree is never touched. */
export function materializeMonitoring(sourceDir: string, fault: Fault | undefined, workDir: string): string {
  if (!fault || (!fault.remove.length && !fault.edits.length && !existsSync(join(fault.dir, 'monitoring')))) return sourceDir;
  return copyMonitoringWithFault(sourceDir, fault, workDir);
}
