// Checks reports/signoff.json after a run (CI): every item of the registry once with a known status,
// a verdict that agrees with the blockers, and the ids given as arguments passed.
// Usage: tsx scripts/check-signoff.ts [--reports-dir DIR] [ID...]   (exit 0 ok, 1 not)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ITEMS } from '../src/registry/registry.js';
import { ITEM_STATUSES } from '../src/registry/errors.js';
import { isBlocking } from '../src/registry/types.js';
import type { Signoff } from '../src/signoff/signoff.js';

const { values, positionals: mustPass } = parseArgs({ options: { 'reports-dir': { type: 'string', default: 'reports' } }, allowPositionals: true });
const file = join(values['reports-dir'], 'signoff.json');
if (!existsSync(file)) {
  process.stdout.write(`no ${file}: the run wrote no sign-off\n`);
  process.exit(1);
}
const signoff = JSON.parse(readFileSync(file, 'utf8')) as Signoff;
const problems: string[] = [];
const seen = new Map<string, number>();
for (const item of signoff.items) {
  seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
  if (!ITEM_STATUSES.includes(item.status)) problems.push(`${item.id}: unknown status ${String(item.status)}`);
}
for (const { id } of ITEMS) if ((seen.get(id) ?? 0) !== 1) problems.push(`${id}: listed ${seen.get(id) ?? 0} times, expected once`);
for (const id of seen.keys()) if (!ITEMS.some((i) => i.id === id)) problems.push(`${id}: not an item of the registry`);
for (const id of mustPass) {
  const status = signoff.items.find((i) => i.id === id)?.status ?? 'absent';
  if (status !== 'passed') problems.push(`${id}: must be passed, is ${status}`);
}
// A blocker counts when it passed, was skipped for a reason its registry entry allows, or a valid waiver covers it.
const undecided = signoff.items.filter((i) => isBlocking(i) && i.status !== 'passed' && !i.notApplicable?.allowed && !i.waiver).map((i) => i.id);
if (signoff.verdict === 'READY' && undecided.length)
  problems.push(`verdict READY, but these blockers are not passed, allowed to be skipped or waived: ${undecided.slice(0, 10).join(', ')}`);
// NOT READY with every blocker decided needs a reason of its own (a missing approval, an expired or unknown waiver).
if (signoff.verdict !== 'READY' && !undecided.length && !signoff.reasons.length)
  problems.push('verdict NOT READY, but every blocker is decided and no reason is given');
if (problems.length > 0) {
  process.stdout.write(`${file} is not a sound sign-off:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
const counts = Object.entries(signoff.counts)
  .map(([status, n]) => `${n} ${status}`)
  .join(', ');
process.stdout.write(`signoff ok: verdict ${signoff.verdict} (${counts})\n`);
