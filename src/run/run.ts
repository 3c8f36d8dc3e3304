import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'dotenv';
import { ITEMS } from '../registry/registry.js';
import { selectRunItems } from './select.js';
import { watchProgress } from './progress.js';
import { describeWarmStack, forgetWarmStack, loadWarmStack, saveWarmStack, warmImageSet, warmRunId } from './warm.js';
import { scanDeclarations, type Declaration } from '../harness/declarations.js';
import type { ChecklistItem } from '../registry/types.js';
import { loadExternalTarget } from '../deployment/load.js';
import { loadAttestations } from '../deployment/attestations.js';
import { readTargetFile, TARGET_FILE_ENV, writeTargetFile, type Target } from '../deployment/target.js';
import type { Signoff } from '../signoff/signoff.js';
import { removeSignoff } from '../signoff/write.js';
import { rebuildSignoff } from '../signoff/rebuild.js';
import { RUN_DIR_ENV, runDir, writeRecord } from '../harness/record.js';
import { keepCopy, type RunInfo } from '../signoff/run-info.js';
import { loadWaivers } from '../deployment/waivers.js';
import { hashConfig, writeManifest } from '../signoff/manifest.js';
import { startHealthPoller } from './health-poller.js';
import { recordBaseline } from './baseline.js';
import { STAGES } from './stages.js';
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
  const described = external ?? treeOnlyTarget({ monitoringDir: resolve('monitoring') });
  if (described.attestations.file)
    loadAttestations(
      described.attestations.file,
      ITEMS.map((i) => i.id),
    );
  if (described.waivers.file) loadWaivers(described.waivers.file);
  return { fault, external };
}

/**
 * One checklist run: validate all input first, start the reference stack when a selected item needs
 * it, hand the target to Vitest and Playwright through a file only the user can read, always stop
 * the stack and remove the run's files, then turn the results into the sign-off.
 */
export async function runChecklist(
  options: RunOptions,
  signal: AbortSignal,
  progress: Progress,
  deadline: AbortSignal = new AbortController().signal,
): Promise<Signoff> {
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
  // A run on the kept stack uses the images it was started with (a restored Prometheus, the tools, the
  // application's build), unless it names a set itself.
  applyImageSet(options.images ?? (options.reuse ? warmImageSet() : undefined));
  testcontainersDefaults(process.env);

  const resultsDir = join(reportsDir, 'allure-results');
  const recordDir = runDir(reportsDir);
  rmSync(join(reportsDir, 'junit'), { recursive: true, force: true });
  for (const dir of [resultsDir, recordDir]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const workDir = mkdtempSync(join(tmpdir(), `checklist-${runId.slice(0, 8)}-`));
  const results: { runner: string; result: ChildResult; ids: string[] }[] = [];
  let stop: () => Promise<void> = async () => undefined;
  let checked: Checked | undefined;
  let stopWatching: () => void = () => undefined;
  let keptTarget: Target | undefined;
  /** The kept stack this run reuses: a drill may have replaced a container of it (new URL), recorded at the end. */
  let reusedRunId: string | undefined;
  let target: Target | undefined;
  let poller: { stop: () => Promise<void> } | undefined;
  let configHashes: Record<string, string> = {};
  try {
    const { repoDir, monitoringDir, deployedDir } = materializeTarget(resolve('.'), fault, workDir);
    const settings = external ? {} : { ...prepareReferenceHost(repoDir, workDir), ...fault?.settings };
    const runnable = selected.filter((i) => declared.has(i.id));
    const needsStack = !external && fault?.stack !== false && runnable.some((i) => i.scope === 'live' && declared.get(i.id)?.implemented);
    target = external ?? treeOnlyTarget({ monitoringDir, repoDir, readOnly: options.readOnly, profile: options.profile, settings });
    // The attestations of the repository this run checks (a fault's copy too), validated before the stack starts.
    attestationsSample(target);
    if (options.reuse) {
      const warm = await loadWarmStack();
      reusedRunId = warm.runId;
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
      const started = await startReferenceTarget({
        runId,
        monitoringDir: deployedDir,
        treeDir: monitoringDir,
        repoDir,
        appEnv: fault?.appEnv,
        receiverEnv: fault?.receiverEnv,
        readOnly: options.readOnly,
        profile: options.profile,
        settings,
        onProgress: (m) => progress(`stack: ${m}`),
      });
      if (!options.keep) stop = started.stop;
      await applyAfterStart(fault, started.stack, progress);
      target = started.target;
      progress('stack ready');
      if (options.keep) {
        saveWarmStack(runId, target, options.images);
        keptTarget = target;
      }
    }
    signal.throwIfAborted();
    const targetFile = join(workDir, 'target.json');
    writeTargetFile(targetFile, target);
    // What the sign-off items read while the run goes on; completed at the end.
    writeRecord(
      recordDir,
      'run',
      runInfo(recordDir, target, { startedAt, durationMs: Date.now() - startedAt.getTime(), fault: fault?.name, selected, missing: {} }),
    );
    const live = target;
    if (needsStack || external || options.reuse) {
      poller = startHealthPoller(() => `${currentUrl(targetFile, live)}/health`, recordDir);
      if (runnable.some((i) => i.id === 'RB-0' || i.id === 'SO-4')) {
        progress('recording the baseline (metrics endpoint p95, error ratio)');
        await recordBaseline(target, recordDir).catch((e: unknown) => progress(`baseline not recorded: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    configHashes = hashConfig(target.monitoringDir, [target.attestations.file, target.waivers.file, options.envFile && resolve(options.envFile)]);
    checked = await describeChecked(target, await stackImageIds(target, needsStack), attestationsSample(target));
    writeAllureEnvironment(resultsDir, checked, fault ? { fault: fault.name } : {});
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [TARGET_FILE_ENV]: targetFile,
      CHECKLIST_RESULTS_DIR: resultsDir,
      CHECKLIST_PROFILE: options.profile,
      [RUN_DIR_ENV]: recordDir,
    };
    delete env.CHECKLIST_ENV_FILE;
    stopWatching = watchProgress(resultsDir, runnable, progress);
    // Stages in order: every other item, the browser items, then the rollback drill (disruptive: after
    // everything it could disturb), then the sign-off items (they read what the others recorded).
    for (const stage of STAGES) {
      const ids = runnable.filter((i) => stage.takes(i, declared.get(i.id)!)).map((i) => i.id);
      if (!ids.length || deadline.aborted) continue;
      signal.throwIfAborted();
      progress(`${stage.name}: ${ids.length} items`);
      const files = [...new Set(ids.map((id) => declared.get(id)!.file))];
      const pwEnv = stage.runner === 'playwright' ? { CHECKLIST_PLAYWRIGHT_OUTPUT: join(reportsDir, 'playwright') } : {};
      const args =
        stage.runner === 'vitest'
          ? ['run', '--project', 'checklist', ...(stage.serial ? ['--no-file-parallelism'] : []), '-t', namePattern(ids), ...files]
          : ['test', '--grep', namePattern(ids), ...files];
      results.push({ runner: stage.name, ids, result: await runChild(resolve(`node_modules/.bin/${stage.runner}`), args, { ...env, ...pwEnv }, stopRunners) });
    }
  } finally {
    stopWatching();
    await poller?.stop();
    if (keptTarget) progress(describeWarmStack(runId, keptTarget));
    else progress('stopping what the run started');
    const ranOn = join(workDir, 'target.json');
    if (reusedRunId && existsSync(ranOn)) saveWarmStack(reusedRunId, readTargetFile(ranOn), warmImageSet());
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
  const missing = Object.fromEntries(selected.map((i) => [i.id, missingReason(i.id)]));
  writeRecord(
    recordDir,
    'run',
    runInfo(recordDir, target, { startedAt, durationMs: Date.now() - startedAt.getTime(), fault: fault?.name, selected, missing }, checked),
  );
  const signoff = rebuildSignoff(reportsDir);
  writeManifest(reportsDir, configHashes, checked?.images ?? {});
  return signoff;
}

function runInfo(
  recordDir: string,
  target: Target | undefined,
  run: { startedAt: Date; durationMs: number; fault?: string; selected: ChecklistItem[]; missing: Record<string, string> },
  checked?: Checked,
): RunInfo {
  return {
    mode: target?.mode ?? 'reference',
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    fault: run.fault,
    selected: run.selected.map((i) => i.id),
    missing: run.missing,
    checked,
    attestations: { ...keepCopy(recordDir, target?.attestations.file ?? null, 'attestations.yaml'), maxAgeDays: target?.attestations.maxAgeDays ?? 30 },
    waivers: keepCopy(recordDir, target?.waivers.file ?? null, 'waivers.yaml'),
  };
}

/** The application's URL as the target file says now (the drill may have moved it), else as it started. */
function currentUrl(file: string, started: Target): string {
  try {
    return readTargetFile(file).app.url;
  } catch {
    return started.app.url;
  }
}

/** Validates the target's attestations file (bad input throws AttestationsError); whether it is a sample. */
function attestationsSample(target: Target): boolean {
  return target.attestations.file
    ? loadAttestations(
        target.attestations.file,
        ITEMS.map((i) => i.id),
      ).sample
    : false;
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
