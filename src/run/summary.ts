import type { Signoff } from '../signoff/signoff.js';

const oneLine = (message: string | undefined, width: number) => {
  const first = (message ?? '').split('\n')[0]!.trim();
  return first.length > width ? `${first.slice(0, width - 1)}…` : first;
};

/** The end of a run for a person: counts, verdict, a table of the items not passed with one-line reasons, where the reports are. */
export function summaryText(signoff: Signoff, reportsDir: string, reportRendered: boolean): string {
  const c = signoff.counts;
  const notPassed = signoff.items.filter(
    (i) => i.status === 'failed' || i.status === 'broken' || (i.status === 'skipped' && i.message !== 'not selected in this run'),
  );
  const lines = [`${c.passed} passed, ${c.failed} failed, ${c.broken} broken, ${c.skipped} skipped`, `VERDICT: ${signoff.verdict}`];
  if (notPassed.length) {
    lines.push('', 'Not passed:');
    const shown = notPassed.slice(0, 40);
    for (const i of shown) lines.push(`  ${i.id.padEnd(9)} ${i.status.padEnd(7)} ${i.blocking ? 'blocker ' : '        '} ${oneLine(i.message, 110)}`);
    if (notPassed.length > shown.length) lines.push(`  ... and ${notPassed.length - shown.length} more (see ${reportsDir}/signoff.md)`);
  }
  const notSelected = signoff.items.filter((i) => i.message === 'not selected in this run').length;
  if (notSelected) lines.push(`  (${notSelected} items not selected in this run)`);
  lines.push('', `Sign-off: ${reportsDir}/signoff.md (and .json, .html); integrity: ${reportsDir}/manifest.json (npm run checklist -- verify)`);
  if (reportRendered) lines.push(`Report:   ${reportsDir}/allure-report/index.html`);
  return lines.join('\n') + '\n';
}

/** The machine-readable end of a run (`--json`): verdict, counts and every item's status. */
export function summaryJson(signoff: Signoff): string {
  return (
    JSON.stringify(
      {
        verdict: signoff.verdict,
        counts: signoff.counts,
        blockers: signoff.blockers,
        items: signoff.items.map((i) => ({ id: i.id, status: i.status, blocking: i.blocking, message: i.message?.split('\n')[0] })),
      },
      null,
      2,
    ) + '\n'
  );
}
