import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'dotenv';
import { ITEMS } from '../registry/registry.js';
import { selectRunItems } from './select.js';
import { watchProgress } from './progress.js';
import { describeWarmStack, forgetWarmStack, loadWarmStack, saveWarmStack, warmRunId } from './warm.js';
import { scanDeclarations, type Declaration } from '../harness/declarations.js';
import type { ChecklistItem } from '../registry/types.js';
import { loadExternalTarget } from '../deployment/load.js';
import { loadAttestations } from '../deployment/attestations.js';
import { TARGET_FILE_ENV, writeTargetFile, type Target } from '../deployment/target.js';
import { applyDecidedStatuses, readItemResults } from '../signoff/results.js';
import { buildSignoff, removeSignoff, writeSignoff, type Signoff } from '../signoff/signoff.js';
import { loadFault, materializeTarget, type Fault } from './faults.js';
import { runChild, type ChildResult } from './children.js';
import { treeOnlyTarget } from './reference.js';
import { prepareReferenceHost } from './reference-host.js';
import { describeChecked, writeAllureEnvironment, type Checked } from './checked.js';
import type { RunOptions } from './options.js';
import type { StartedReferenceStack } from '../stack/reference-stack.js';

export type Progress = (message: string) => void;

/** Fills unset image variables from images/<set>.env; variables already set win. */
export function applyImageSet(set: RunOptions['images'], env: NodeJS.ProcessEnv = process.env): void {
  if (!set) return;
  const file = resolve('images', `${set}.env`);
  if (!existsSync(file)) throw new Error(`--images ${set}: ${file} is missing`);
  for (const [key, value] of Object.entries(parse(readFileSync(file, 'utf8')))) env[key] ??= value;
}

/**
 * Testcontainers here: no Ryuk (its image cannot be pulled; the suite removes what it starts itself),
 * and containers addressed as 127.0.0.1, not localhost: Docker 20.10 may publish an ephemeral port on
 * IPv4 and IPv6 as two different host ports, so a client that resolves localhost to ::1 (Chromium
 * does) can reach another container.
 */
export function testcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

const escapeId = (id: string) => id.replace(/[.]/g, '\\.');
/** Matches `[ID] ` in a test's name; Playwright matches against the whole title path, so no `^`. */
const namePattern = (ids: string[]) => `\\[(${ids.map(escapeId).join('|')})\\] `;

/** Everything a run reads from the user, validated before anything starts (bad input exits 2). */
function validateInputs(options: RunOptions): { fault?: Fault; external?: Target } {
  const fault = options.fault ? loadFault(options.fault) : undefined;
  const flags: Record<string, string> = {};
  if (options.readOnly) flags.READ_ONLY = 'true';
  if (options.allowDisruptive) flags.ALLOW_DISRUPTIVE = 'true';
  // Like --read-only, the flag only raises what the file says: --profile release selects the long run.
  if (options.profile !== 'ci') flags.CHECKLIST_PROFILE = options.profile;
  const external = options.envFile ? loadExternalTarget(options.envFile, flags) : undefined;
  const attestations = (external ?? treeOnlyTarget({ monitoringDir: resolve('monitoring') })).attestations.file;
  if (attestations) loadAttestations(attestations, ITEMS.map((i) => i.id));
  return { fault, external };
}

/**
 * One checklist run: validate all input first, start the reference stack when a selected item needs
 * it, hand the target to Vitest and Playwright through a file only the user can read, always stop
 * the stack and remove the run's files, then turn the results into the sign-off.
 */
export async function runChecklist(options: RunOptions, signal: AbortSignal, progress: Progress, deadline: AbortSignal = new AbortController().signal): Promise<Signoff> {
  // The runners stop on an interruption or at the deadline; only an interruption ends the run without a sign-off.
  const stopRunners = AbortSignal.any([signal, deadline]);
  const startedAt = new Date();
  const runId = randomUUID();
  const reportsDir = resolve(options.reportsDir);
  const { fault, external } = validateInputs(options);
  // A run that ends without a sign-off leaves none behind to be mistaken for its result.
  removeSignoff(reportsDir);
  progress(`run ${runId}`);
  const declared = new Map<string, Declaration>(scanDeclarations(resolve('tests')).map((d) => [d.id, d]));
  const selected: ChecklistItem[] = selectRunItems(options, declared);
  applyImageSet(options.images);
  testcontainersDefaults(process.env);

  const resultsDir = join(reportsDir, 'allure-results');
  rmSync(resultsDir, { recursive: true, force: true });
  rmSync(join(reportsDir, 'junit'), { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), `checklist-${runId.slice(0, 8)}-`));
  const results: { runner: string; result: ChildResult; ids: string[] }[] = [];
  let stop: () => Promise<void> = async () => undefined;
  let checked: Checked | undefined;
  let stopWatching: () => void = () => undefined;
  let keptTarget: Target | undefined;
  try {
    const { repoDir, monitoringDir, deployedDir } = materializeTarget(resolve('.'), fault, workDir);
    const settings = external ? {} : { ...prepareReferenceHost(repoDir, workDir), ...fault?.settings };
    const runnable = selected.filter((i) => declared.has(i.id));
    const needsStack = !external && fault?.stack !== false && runnable.some((i) => i.scope === 'live' && declared.get(i.id)?.implemented);
    let target: Target = external ?? treeOnlyTarget({ monitoringDir, repoDir, readOnly: options.readOnly, profile: options.profile, settings });
    // The attestations of the repository this run checks (a fault's copy too), validated before the stack starts.
    attestationsSample(target);
    if (options.reuse) {
      const warm = await loadWarmStack();
      // The host and image settings are this run's (its prepared data directories live in this run's workDir).
      target = { ...warm.target, readOnly: options.readOnly, host: target.host, images: target.images };
      progress(`reusing the kept stack ${warm.runId}`);
    } else if (needsStack || options.keep) {
      const { startReferenceTarget } = await import('./reference.js');
      const { reapOrphans } = await import('../stack/cleanup.js');
      const kept = warmRunId();
      if (kept && options.keep) {
        const { removeRunResources } = await import('../stack/cleanup.js');
        await removeRunResources(kept);
        forgetWarmStack();
      }
      await reapOrphans({ spareRunIds: kept && !options.keep ? [kept] : [] });
      progress(`starting the reference stack${fault ? ` with fault ${fault.name}` : ''}`);
      const started = await startReferenceTarget({ runId, monitoringDir: deployedDir, treeDir: monitoringDir, repoDir, appEnv: fault?.appEnv, receiverEnv: fault?.receiverEnv, readOnly: options.readOnly, profile: options.profile, settings, onProgress: (m) => progress(`stack: ${m}`) });
      if (!options.keep) stop = started.stop;
      await applyAfterStart(fault, started.stack, progress);
      target = started.target;
      progress('stack ready');
      if (options.keep) {
        saveWarmStack(runId, target);
        keptTarget = target;
      }
    }
    signal.throwIfAborted();
    const targetFile = join(workDir, 'target.json');
    writeTargetFile(targetFile, target);
    checked = await describeChecked(target, await stackImageIds(target, needsStack), attestationsSample(target));
    writeAllureEnvironment(resultsDir, checked, fault ? { fault: fault.name } : {});
    const env: NodeJS.ProcessEnv = { ...process.env, [TARGET_FILE_ENV]: targetFile, CHECKLIST_RESULTS_DIR: resultsDir, CHECKLIST_PROFILE: options.profile };
    delete env.CHECKLIST_ENV_FILE;
    stopWatching = watchProgress(resultsDir, runnable, progress);
    const vitestIds = runnable.filter((i) => declared.get(i.id)?.runner === 'vitest').map((i) => i.id);
    const playwrightIds = runnable.filter((i) => declared.get(i.id)?.runner === 'playwright').map((i) => i.id);
    if (vitestIds.length && !deadline.aborted) {
      progress(`vitest: ${vitestIds.length} items`);
      const bin = resolve('node_modules/.bin/vitest');
      const files = [...new Set(vitestIds.map((id) => declared.get(id)!.file))];
      results.push({ runner: 'vitest', ids: vitestIds, result: await runChild(bin, ['run', '--project', 'checklist', '-t', namePattern(vitestIds), ...files], env, stopRunners) });
    }
    signal.throwIfAborted();
    if (playwrightIds.length && !deadline.aborted) {
      progress(`playwright: ${playwrightIds.length} items`);
      const bin = resolve('node_modules/.bin/playwright');
      const pwEnv = { ...env, CHECKLIST_PLAYWRIGHT_OUTPUT: join(reportsDir, 'playwright') };
      const files = [...new Set(playwrightIds.map((id) => declared.get(id)!.file))];
      results.push({ runner: 'playwright', ids: playwrightIds, result: await runChild(bin, ['test', '--grep', namePattern(playwrightIds), ...files], pwEnv, stopRunners) });
    }
  } finally {
    stopWatching();
    if (keptTarget) progress(describeWarmStack(runId, keptTarget));
    else progress('stopping what the run started');
    await stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  signal.throwIfAborted();

  const missingReason = (id: string): string => {
    if (!declared.has(id)) return 'no test is declared for this item';
    const run = results.find((r) => r.ids.includes(id));
    if (deadline.aborted && (!run || run.result.signal)) return `deadline: the run's deadline of ${options.deadlineMs} ms passed before this item was decided`;
    if (!run) return 'its runner did not run';
    const how = run.result.signal ? `was killed by ${run.result.signal}` : `ended with exit code ${run.result.exitCode}`;
    return `no result: ${run.runner} ${how} before deciding it. Last output: ${run.result.stderrTail.trim().split('\n').slice(-5).join(' | ')}`;
  };
  applyDecidedStatuses(resultsDir);
  const signoff = buildSignoff({
    results: readItemResults(resultsDir),
    selected: new Set(selected.map((i) => i.id)),
    missingReason,
    run: { mode: external ? 'external' : 'reference', startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), fault: fault?.name },
    checked,
  });
  writeSignoff(reportsDir, signoff);
  return signoff;
}

/** Validates the target's attestations file (bad input throws AttestationsError); whether it is a sample. */
function attestationsSample(target: Target): boolean {
  return target.attestations.file ? loadAttestations(target.attestations.file, ITEMS.map((i) => i.id)).sample : false;
}

async function stackImageIds(target: Target, started: boolean): Promise<Record<string, string>> {
  if (!started) return target.mode === 'external' ? { promtool: target.toolImages.prometheus, amtool: target.toolImages.alertmanager } : {};
  const { imageIds, stackImagesFromEnv } = await import('../stack/images.js');
  return imageIds({ ...stackImagesFromEnv(process.env) });
}

/** A fault's changes to the started stack: commands run in its services, then services stopped. */
async function applyAfterStart(fault: Fault | undefined, stack: StartedReferenceStack, progress: Progress): Promise<void> {
  for (const { service, command } of fault?.execAfterStart ?? []) {
    progress(`fault ${fault?.name}: in ${service}: ${command.join(' ')}`);
    const result = await stack.containers[service].exec(command);
    if (result.exitCode !== 0) throw new Error(`fault ${fault?.name}: ${command.join(' ')} in ${service} exited ${result.exitCode}: ${result.output}`);
  }
  for (const service of fault?.stopAfterStart ?? []) {
    progress(`fault ${fault?.name}: stopping ${service}`);
    await stack.containers[service].stop({ timeout: 1_000, remove: false });
  }
}
