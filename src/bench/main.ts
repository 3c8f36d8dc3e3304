import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { measureRun, type RunMeasurement } from './measure.js';
import { floorTerms, SEED_SLEEPS } from './floor.js';

/**
 * `npm run bench`: how fast the checklist decides. Cold runs (a fresh stack each), warm runs (on a
 * kept stack), one item on the warm stack; each at least 3 times; the floor of this configuration
 * and the seed's own procedure; writes reports/bench.json and reports/bench.md.
 */
const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT ?? 3));
const reportsDir = resolve(process.env.BENCH_REPORTS_DIR ?? 'reports');

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor(s.length / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
};
type Stats = ReturnType<typeof stats>;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const row = (name: string, s: Stats) => `| ${name} | ${sec(s.min)} | ${sec(s.median)} | ${sec(s.max)} |`;

async function repeat(label: string, args: string[], work: string): Promise<RunMeasurement[]> {
  const runs: RunMeasurement[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const m = await measureRun(`${label} #${i + 1}`, args, join(work, `${label.replace(/\W+/g, '-')}-${i}`));
    process.stderr.write(`[bench] ${m.label}: ${sec(m.wallMs)} (exit ${m.exitCode})\n`);
    runs.push(m);
  }
  return runs;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'checklist-bench-'));
  const images = ['--images', process.env.CHECKLIST_IMAGES ?? 'local'];
  try {
    const cold = await repeat('cold full run', [...images], work);
    await measureRun('keep', [...images, '--keep', '--item', 'VER-1'], join(work, 'keep'));
    const warm = await repeat('warm full run', ['--reuse'], work);
    const oneItem = await repeat('one item on a warm stack', ['--reuse', '--item', 'VER-1'], work);
    execFileSync(resolve('node_modules/.bin/tsx'), ['src/run/cleanup.ts'], { stdio: 'ignore' });

    const readyMedian = (service: string) => stats(cold.map((r) => r.serviceReadyMs[service] ?? NaN)).median;
    const services = [...new Set(cold.flatMap((r) => Object.keys(r.serviceReadyMs)))];
    const slowestReadyMs = Math.max(...services.map(readyMedian).filter(Number.isFinite));
    const terms = floorTerms(resolve('monitoring'), { slowestReadyMs, loadTestMs: 10_000, resendDelayMs: 1_000 });
    const floorMs = terms.reduce((a, t) => a + t.ms, 0);
    const coldStats = stats(cold.map((r) => r.wallMs));
    // The runner's own cost per stage: its wall time outside the span of its items (start-up, module
    // loading, workers, teardown). Vitest's "tests" sums the workers' times, so total - tests is not it.
    const overhead = (r: RunMeasurement, runner: string) =>
      r.stages.length ? r.stages.filter((s) => s.name.startsWith(runner)).reduce((a, s) => a + s.wallMs - s.itemsMs, 0) : NaN;
    const vitestOverhead = stats(cold.map((r) => overhead(r, 'vitest')));
    const stageNames = [...new Set(cold.flatMap((r) => r.stages.map((s) => s.name)))];
    const seedMs = SEED_SLEEPS.reduce((a, s) => a + s.ms, 0);
    const targets = [
      { target: 'full run <= 60 s', met: coldStats.median <= 60_000, value: sec(coldStats.median) },
      { target: 'full run <= 2x its floor', met: coldStats.median <= 2 * floorMs, value: `${(coldStats.median / floorMs).toFixed(2)}x` },
      {
        target: 'one item on a warm stack <= 3 s',
        met: stats(oneItem.map((r) => r.wallMs)).median <= 3_000,
        value: sec(stats(oneItem.map((r) => r.wallMs)).median),
      },
      { target: "Vitest's own overhead <= 3 s", met: vitestOverhead.median <= 3_000, value: sec(vitestOverhead.median) },
    ];
    // Every full run, cold and warm, in the order they ran: an item whose status differs between them is flaky.
    const fullRuns = [...cold, ...warm];
    const ids = [...new Set(fullRuns.flatMap((r) => Object.keys(r.statuses)))].sort();
    const unstable = ids
      .filter((id) => new Set(fullRuns.map((r) => r.statuses[id] ?? 'missing')).size > 1)
      .map((id) => `${id}: ${fullRuns.map((r) => r.statuses[id] ?? 'missing').join(', ')}`);
    targets.push({
      target: `identical statuses per item in ${fullRuns.length} consecutive full runs`,
      met: unstable.length === 0 && ids.length > 0,
      value: unstable.length === 0 ? `${ids.length} items identical` : `${unstable.length} differ: ${unstable.join('; ')}`,
    });
    const last = cold[cold.length - 1]!;
    const stages: [string, number][] = [
      ['stack start (containers ready)', readyMedian(services.sort((a, b) => readyMedian(b) - readyMedian(a))[0] ?? '')],
      ['first scrape + rule evaluation', stats(cold.map((r) => r.firstScrapeMs ?? NaN)).median],
      ...Object.entries(last.phaseMs).map(([k, v]) => [`phase ${k}`, v] as [string, number]),
    ];
    const costliest = stages.filter(([, v]) => Number.isFinite(v)).sort((a, b) => b[1] - a[1])[0];
    const machine = { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
    const json = {
      machine,
      repeat: REPEAT,
      cold,
      warm,
      oneItem,
      floor: { totalMs: floorMs, terms },
      seed: { totalMs: seedMs, sleeps: SEED_SLEEPS },
      targets,
      costliestStage: costliest,
      unstable,
    };
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(join(reportsDir, 'bench.json'), JSON.stringify(json, null, 2) + '\n');
    const md = [
      '# Benchmark: how fast the checklist decides',
      '',
      `Machine: ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.cpu}, Node ${machine.node}. Each measurement ${REPEAT} times.`,
      '',
      '| measurement | min | median | max |',
      '|---|---|---|---|',
      row('cold full run (fresh stack)', coldStats),
      row('warm full run (--reuse)', stats(warm.map((r) => r.wallMs))),
      row('one item on a warm stack (--reuse --item VER-1)', stats(oneItem.map((r) => r.wallMs))),
      row('stack ready (cold)', stats(cold.map((r) => r.stackReadyMs ?? NaN))),
      row('first scrape + first rule evaluation', stats(cold.map((r) => r.firstScrapeMs ?? NaN))),
      ...services.map((s) => row(`container ready: ${s}`, stats(cold.map((r) => r.serviceReadyMs[s] ?? NaN)))),
      ...stageNames.flatMap((n) => {
        const of = (r: RunMeasurement) => r.stages.find((s) => s.name === n);
        return [
          row(`stage ${n} (cold)`, stats(cold.map((r) => of(r)?.wallMs ?? NaN))),
          row(`stage ${n}: the runner's own cost (wall outside its items)`, stats(cold.map((r) => (of(r) ? of(r)!.wallMs - of(r)!.itemsMs : NaN)))),
        ];
      }),
      row("Vitest's own overhead, all its stages (cold)", vitestOverhead),
      row("Playwright's own overhead (cold)", stats(cold.map((r) => overhead(r, 'playwright')))),
      ...Object.keys(last.phaseMs).map((p) => row(`phase ${p}`, stats(cold.map((r) => r.phaseMs[p] ?? NaN)))),
      '',
      '## Ten slowest items (last cold run)',
      ...last.slowest.map((s) => `- ${s.id}: ${sec(s.ms)}`),
      '',
      `## Floor of this configuration: ${sec(floorMs)} (ratio total / floor: ${(coldStats.median / floorMs).toFixed(2)})`,
      ...terms.map((t) => `- ${t.term}: ${sec(t.ms)} (${t.from})`),
      '',
      `## The seed's own procedure: ${sec(seedMs)} of fixed sleeps`,
      ...SEED_SLEEPS.map((s) => `- ${s.where}: ${sec(s.ms)}`),
      '',
      `Load generator CPU during PRE-10.1: ${last.loadGeneratorCpu ?? 'not reported by the item'}`,
      '',
      '## Targets',
      ...targets.map((t) => `- ${t.met ? 'met' : 'MISSED'}: ${t.target} (${t.value})`),
      ...(targets.some((t) => !t.met) && costliest ? [`- the stage that costs the most: ${costliest[0]} (${sec(costliest[1])})`] : []),
      '',
    ].join('\n');
    writeFileSync(join(reportsDir, 'bench.md'), md);
    process.stdout.write(md);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
