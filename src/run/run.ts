import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'dotenv';
import { selectItems } from '../checklist/registry.js';
import { scanDeclarations, type Declaration } from '../checklist/declarations.js';
import type { ChecklistItem } from '../checklist/types.js';
import { loadExternalTarget } from '../target/load.js';
import { serializeTarget, TARGET_ENV, type Target } from '../target/target.js';
import { readItemResults } from '../signoff/results.js';
import { buildSignoff, writeSignoff, type Signoff } from '../signoff/signoff.js';
import { loadFault, materializeMonitoring, type Fault } from './faults.js';
import { runChild, type ChildResult } from './children.js';
import type { RunOptions } from './options.js';

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

/** A reference target for runs that need no live stack: tree items read files and images only. */
function treeOnlyTarget(monitoringDir: string, env: NodeJS.ProcessEnv): Target {
  const nowhere = 'http://127.0.0.1:9';
  return {
    mode: 'reference',
    app: { url: nowhere, mcpUrl: `${nowhere}/mcp`, job: 'mcp-memory-server' },
    prometheus: { url: nowhere },
    alertmanager: { url: nowhere },
    grafana: { url: nowhere, user: 'admin', password: 'not-started', dashboardUid: 'journal-overview' },
    receiver: null,
    monitoringDir,
    toolImages: { prometheus: env.PROMETHEUS_IMAGE ?? 'prom/prometheus:v3.5.0', alertmanager: env.ALERTMANAGER_IMAGE ?? 'prom/alertmanager:v0.28.1' },
    httpTimeoutMs: 5_000,
  };
}

/**
 * One checklist run: resolve the target (validating all input first), start the reference stack
 * when a selected item needs it, run Vitest and Playwright on the selected items, always stop the
 * stack, then turn the Allure results into the sign-off.
 */
export async function runChecklist(options: RunOptions, signal: AbortSignal, progress: Progress): Promise<Signoff> {
  const startedAt = new Date();
  const runId = randomUUID();
  progress(`run ${runId}`);
  const selected: ChecklistItem[] = selectItems({ ids: options.items, phases: options.phases, blockersOnly: options.blockersOnly });
  const declared = new Map<string, Declaration>(scanDeclarations(resolve('tests')).map((d) => [d.id, d]));
  const fault: Fault | undefined = options.fault ? loadFault(options.fault) : undefined;
  const external = options.envFile ? loadExternalTarget(options.envFile) : undefined;
  applyImageSet(options.images);
  testcontainersDefaults(process.env);

  const resultsDir = resolve(options.reportsDir, 'allure-results');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const workDir = resolve('.checklist-run', runId);
  const monitoringDir = materializeMonitoring(resolve('monitoring'), fault, workDir);

  const runnable = selected.filter((i) => declared.has(i.id));
  const needsStack = !external && runnable.some((i) => i.scope === 'live' && declared.get(i.id)?.implemented);
  let stop: () => Promise<void> = async () => undefined;
  const results: { runner: string; result: ChildResult; ids: string[] }[] = [];
  try {
    let target: Target = external ?? treeOnlyTarget(monitoringDir, process.env);
    if (needsStack) {
      const { startReferenceTarget } = await import('./reference.js');
      const { reapOrphans } = await import('../stack/cleanup.js');
      await reapOrphans();
      progress(`starting the reference stack${fault ? ` with fault ${fault.name}` : ''}`);
      const started = await startReferenceTarget({ runId, monitoringDir, appEnv: fault?.appEnv, onProgress: (m) => progress(`stack: ${m}`) });
      stop = started.stop;
      target = started.target;
      progress('stack ready');
    }
    signal.throwIfAborted();
    const env: NodeJS.ProcessEnv = { ...process.env, [TARGET_ENV]: serializeTarget(target), CHECKLIST_RESULTS_DIR: resultsDir };
    const vitestIds = runnable.filter((i) => declared.get(i.id)?.runner === 'vitest').map((i) => i.id);
    const playwrightIds = runnable.filter((i) => declared.get(i.id)?.runner === 'playwright').map((i) => i.id);
    if (vitestIds.length) {
      progress(`vitest: ${vitestIds.length} items`);
      const bin = resolve('node_modules/.bin/vitest');
      const files = [...new Set(vitestIds.map((id) => declared.get(id)!.file))];
      results.push({ runner: 'vitest', ids: vitestIds, result: await runChild(bin, ['run', '--project', 'checklist', '-t', namePattern(vitestIds), ...files], env, signal) });
    }
    signal.throwIfAborted();
    if (playwrightIds.length) {
      progress(`playwright: ${playwrightIds.length} items`);
      const bin = resolve('node_modules/.bin/playwright');
      const pwEnv = { ...env, CHECKLIST_PLAYWRIGHT_OUTPUT: join(resolve(options.reportsDir), 'playwright') };
      const files = [...new Set(playwrightIds.map((id) => declared.get(id)!.file))];
      results.push({ runner: 'playwright', ids: playwrightIds, result: await runChild(bin, ['test', '--grep', namePattern(playwrightIds), ...files], pwEnv, signal) });
    }
  } finally {
    progress('stopping what the run started');
    await stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  signal.throwIfAborted();

  const missingReason = (id: string): string => {
    if (!declared.has(id)) return 'no test is declared for this item';
    const run = results.find((r) => r.ids.includes(id));
    if (!run) return 'its runner did not run';
    const how = run.result.signal ? `was killed by ${run.result.signal}` : `ended with exit code ${run.result.exitCode}`;
    return `no result: ${run.runner} ${how} before deciding it. Last output: ${run.result.stderrTail.trim().split('\n').slice(-5).join(' | ')}`;
  };
  const signoff = buildSignoff({
    results: readItemResults(resultsDir),
    selected: new Set(selected.map((i) => i.id)),
    missingReason,
    run: { mode: external ? 'external' : 'reference', startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(), fault: fault?.name },
  });
  writeSignoff(resolve(options.reportsDir), signoff);
  return signoff;
}
