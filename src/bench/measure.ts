import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadTestReport } from '../harness/load-test.js';

/** One timed run of the CLI, with what its own output and reports say about where the time went. */
export interface RunMeasurement {
  label: string;
  wallMs: number;
  exitCode: number | null;
  /** `stack: <service> ready in N ms` per service. */
  serviceReadyMs: Record<string, number>;
  /** From the start of warm-up to the first scrape of every target and first rule evaluation. */
  firstScrapeMs?: number;
  stackReadyMs?: number;
  /**
   * Each runner stage (from the CLI's "<stage>: N items" line to the next stage or the end): its wall
   * time and the span of the items it decided (first start to last stop). Wall - span is the runner's
   * own cost (start-up, module loading, workers, teardown), whatever the number of workers.
   */
  stages: { name: string; wallMs: number; itemsMs: number }[];
  /** Per phase: from its first item's start to its last item's stop. */
  phaseMs: Record<string, number>;
  slowest: { id: string; ms: number }[];
  /** The load generator's own CPU during PRE-10.1, when the item attached it. */
  loadGeneratorCpu?: string;
  /** Each item's status in the run's sign-off, to compare runs (a flaky item differs between them). */
  statuses: Record<string, string>;
}

/** Runs `node --import tsx src/cli.ts ...args` and measures it. */
export async function measureRun(label: string, args: string[], reportsDir: string): Promise<RunMeasurement> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--reports-dir', reportsDir, '--no-report'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exitCode = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const wallMs = Math.round(performance.now() - started);
  // eslint-disable-next-line no-control-regex -- ANSI colour codes
  const text = out.replace(/\x1b\[[0-9;]*m/g, '');
  const serviceReadyMs: Record<string, number> = {};
  for (const m of text.matchAll(/stack: (\S+) ready in (\d+) ms/g)) serviceReadyMs[m[1]!] = Number(m[2]);
  const firstScrape = /stack: prometheus scraped .* in (\d+) ms/.exec(text);
  const stackReady = /reference stack \S+ ready in (\d+) ms/.exec(text);
  const { phaseMs, slowest, loadGeneratorCpu, spans } = readResults(join(reportsDir, 'allure-results'));
  const startedAt = readStartedAt(join(reportsDir, 'run', 'run.json'));
  return {
    label,
    wallMs,
    exitCode,
    serviceReadyMs,
    firstScrapeMs: firstScrape ? Number(firstScrape[1]) : undefined,
    stackReadyMs: stackReady ? Number(stackReady[1]) : undefined,
    phaseMs,
    slowest,
    loadGeneratorCpu,
    stages: startedAt === undefined ? [] : runnerStages(text, spans, startedAt),
    statuses: readStatuses(join(reportsDir, 'signoff.json')),
  };
}

function readStartedAt(file: string): number | undefined {
  return existsSync(file) ? Date.parse((JSON.parse(readFileSync(file, 'utf8')) as { startedAt: string }).startedAt) : undefined;
}

/**
 * The runner stages of a run, from the CLI's progress (times since its start, which `startedAt`, the
 * run's own start, matches to within a few ms) and the items' spans (epoch ms, from the results).
 */
export function runnerStages(text: string, spans: { start: number; stop: number }[], startedAt: number): RunMeasurement['stages'] {
  const at = (m: RegExpMatchArray) => startedAt + Math.round(Number(m[1]) * 1000);
  const starts = [...text.matchAll(/\[checklist\s+([\d.]+)s\] ((?:vitest|playwright)[^:\n]*): \d+ items/g)].map((m) => ({ name: m[2]!, at: at(m) }));
  const end = /\[checklist\s+([\d.]+)s\] (?:stopping what the run started|kept the reference stack)/.exec(text);
  return starts.map((stage, i) => {
    const until = starts[i + 1]?.at ?? (end ? at(end) : stage.at);
    const inside = spans.filter((s) => s.start >= stage.at && s.start < until);
    const itemsMs = inside.length ? Math.max(...inside.map((s) => s.stop)) - Math.min(...inside.map((s) => s.start)) : 0;
    return { name: stage.name, wallMs: until - stage.at, itemsMs };
  });
}

function readStatuses(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const { items } = JSON.parse(readFileSync(file, 'utf8')) as { items: { id: string; status: string }[] };
  return Object.fromEntries(items.map((i) => [i.id, i.status]));
}

interface Result {
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  attachments?: Attachment[];
  /** The item's evidence: each `evidence.json/text` is a step with its attachment. */
  steps?: { attachments?: Attachment[] }[];
}
interface Attachment {
  name: string;
  source: string;
}

/** The load generator's own CPU, from PRE-10.1's "load test" evidence. */
function generatorCpu(dir: string, r: Result): string | undefined {
  const attachment = [...(r.attachments ?? []), ...(r.steps ?? []).flatMap((s) => s.attachments ?? [])].find((a) => a.name === 'load test');
  if (!attachment || !existsSync(join(dir, attachment.source))) return undefined;
  const g = (JSON.parse(readFileSync(join(dir, attachment.source), 'utf8')) as Partial<LoadTestReport>).generator;
  if (!g) return undefined;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return `${pct(g.cpuOfOneCore)} of one core (${g.saturated ? 'SATURATED' : 'not saturated'}; its event-loop delay p99 ${g.eventLoopDelayP99Ms} ms; host ${pct(g.hostCpuBusy)} busy of ${g.hostCores} cores)`;
}

export function readResults(dir: string): Pick<RunMeasurement, 'phaseMs' | 'slowest' | 'loadGeneratorCpu'> & { spans: { start: number; stop: number }[] } {
  const phases = new Map<string, { start: number; stop: number }>();
  const items: { id: string; ms: number }[] = [];
  const spans: { start: number; stop: number }[] = [];
  let loadGeneratorCpu: string | undefined;
  if (!existsSync(dir)) return { phaseMs: {}, slowest: [], spans };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Result;
    const id = r.labels?.find((l) => l.name === 'checklist_id')?.value;
    const epic = r.labels?.find((l) => l.name === 'epic')?.value;
    if (!id || !epic || r.start === undefined || r.stop === undefined) continue;
    items.push({ id, ms: r.stop - r.start });
    spans.push({ start: r.start, stop: r.stop });
    const p = phases.get(epic) ?? { start: r.start, stop: r.stop };
    phases.set(epic, { start: Math.min(p.start, r.start), stop: Math.max(p.stop, r.stop) });
    if (id === 'PRE-10.1') loadGeneratorCpu = generatorCpu(dir, r);
  }
  return {
    phaseMs: Object.fromEntries([...phases].map(([k, v]) => [k, v.stop - v.start])),
    slowest: items.sort((a, b) => b.ms - a.ms).slice(0, 10),
    loadGeneratorCpu,
    spans,
  };
}
