import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readItemResults } from '../signoff/results.js';
import { buildSignoff, type Signoff } from '../signoff/signoff.js';
import { writeSignoff } from '../signoff/write.js';
import { UsageError } from './options.js';

const NOT_SELECTED = 'not selected in this run';

function readShard(dir: string): Signoff {
  const file = join(dir, 'signoff.json');
  if (!existsSync(file)) throw new UsageError(`merge: ${dir} has no signoff.json (is it the --reports-dir of a shard?)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Signoff;
}

/**
 * Combines the reports of the shards of one run (`--shard i/N`, each with its own stack) into one
 * Allure results directory and one sign-off: every item is taken from the shard that selected it.
 */
export function mergeShards(shardDirs: readonly string[], reportsDir: string): Signoff {
  if (shardDirs.length < 1)
    throw new UsageError('merge: name the report directories of the shards (example: npm run checklist -- merge reports/shard-1 reports/shard-2)');
  const shards = shardDirs.map((d) => ({ dir: resolve(d), signoff: readShard(resolve(d)) }));
  const out = resolve(reportsDir);
  const results = join(out, 'allure-results');
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  mkdirSync(join(out, 'junit'), { recursive: true });
  const reasons = new Map<string, string>();
  for (const [index, shard] of shards.entries()) {
    const from = join(shard.dir, 'allure-results');
    if (existsSync(from)) for (const f of readdirSync(from)) if (f !== 'environment.properties' || index === 0) copyFileSync(join(from, f), join(results, f));
    const junit = join(shard.dir, 'junit');
    if (existsSync(junit)) for (const f of readdirSync(junit)) copyFileSync(join(junit, f), join(out, 'junit', `shard-${index + 1}-${basename(f)}`));
    for (const item of shard.signoff.items) if (item.message !== NOT_SELECTED) reasons.set(item.id, item.message ?? 'no result');
  }
  const first = shards[0]!.signoff;
  const starts = shards.map((s) => Date.parse(s.signoff.run.startedAt));
  const ends = shards.map((s) => Date.parse(s.signoff.run.startedAt) + s.signoff.run.durationMs);
  const signoff = buildSignoff({
    results: readItemResults(results),
    selected: new Set(reasons.keys()),
    missingReason: (id) => reasons.get(id) ?? 'no shard selected this item',
    run: {
      mode: first.run.mode,
      startedAt: new Date(Math.min(...starts)).toISOString(),
      durationMs: Math.max(...ends) - Math.min(...starts),
      fault: first.run.fault,
    },
    checked: first.checked,
    // The shards checked one target: its waivers and approvals are the first shard's.
    waivers: {
      file: first.waivers.file,
      content: {
        notice: first.waivers.notice,
        waivers: first.waivers.states.map(({ item, justification, approvedBy, expires }) => ({ item, justification, approvedBy, expires })),
      },
    },
    approvals: first.approvals,
  });
  writeSignoff(out, signoff);
  return signoff;
}
