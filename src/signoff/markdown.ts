import type { CheckedParts, ShownStatus, Signoff, SignoffItem } from './signoff.js';

export const SHOWN: Record<ShownStatus, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP', waived: 'WAIVED' };
/** One line of a message, for a table cell. */
export const oneLine = (m?: string, max = 160) => (m ?? '').split('\n')[0]!.slice(0, max);
const cell = (s: string) => s.replace(/\|/g, '\\|');
export const seconds = (ms?: number) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

/** The checklist's order: phases, then sections, as the registry lists them. */
export function bySection(items: readonly SignoffItem[]): { phase: string; sections: { section: string; items: SignoffItem[] }[] }[] {
  const phases: { phase: string; sections: { section: string; items: SignoffItem[] }[] }[] = [];
  for (const i of items) {
    let p = phases.find((x) => x.phase === i.phase);
    if (!p) phases.push((p = { phase: i.phase, sections: [] }));
    let s = p.sections.find((x) => x.section === i.section);
    if (!s) p.sections.push((s = { section: i.section, items: [] }));
    s.items.push(i);
  }
  return phases;
}

export function checkedLines(c: CheckedParts | undefined): string[] {
  if (!c) return ['the run ended before it reached a target'];
  return [
    `mode: ${c.mode}`,
    `Prometheus ${c.prometheus.version} at ${c.prometheus.url}`,
    `Alertmanager ${c.alertmanager.version} at ${c.alertmanager.url}`,
    `${c.grafana.standIn ? "GRAFANA STAND-IN (not Grafana), a test fixture that follows Grafana's HTTP contract," : 'Grafana'} ${c.grafana.version} at ${c.grafana.url}`,
    `application at ${c.app.url} (Prometheus job ${c.app.job})`,
    ...Object.entries(c.images).map(([k, v]) => `image ${k}: ${v}`),
    `attestations: ${c.attestations.file ?? 'none'}${c.attestations.sample ? ' (SAMPLE attestations, not real decisions)' : ''}`,
  ];
}

const list = (lines: string[], empty = 'none') => (lines.length ? lines.map((l) => `- ${l}`) : [`- ${empty}`]);

export function markdown(s: Signoff): string {
  const m = s.metrics;
  const lines = [
    `# Deployment sign-off: ${s.verdict}`,
    '',
    `Generated ${s.generatedAt}; mode ${s.run.mode}${s.run.fault ? `, seeded fault ${s.run.fault}` : ''}; ${s.run.selected} items selected; run took ${Math.round(s.run.durationMs / 1000)} s.`,
    '',
    `Passed ${s.counts.passed}, failed ${s.counts.failed}, broken ${s.counts.broken}, skipped ${s.counts.skipped}, waived ${s.counts.waived}.`,
    '',
    '## Verdict',
    ...list(s.reasons),
    '',
    '## What was checked',
    ...list(checkedLines(s.checked)),
    '',
    '## Blockers not passed',
    ...list(s.blockers.map((b) => `${b.id} ${SHOWN[b.status]}: ${oneLine(b.message)}`)),
    '',
    '## Warnings (non-blocking items that failed or broke)',
    ...list(s.warnings.map((w) => `${w.id} ${SHOWN[w.status]}: ${oneLine(w.message)}`)),
    '',
    '## Not applicable (skipped with a reason)',
    ...list(
      s.items
        .filter((i) => i.notApplicable)
        .map((i) => `${i.id} (${i.notApplicable!.kind}${i.notApplicable!.allowed ? '' : ', NOT an allowed reason for this item'}): ${oneLine(i.message)}`),
    ),
    '',
    '## Waivers',
    ...(s.waivers.notice ? [`**${s.waivers.notice}**`, ''] : []),
    ...list(
      s.waivers.states.map(
        (w) =>
          `${w.item}: ${w.valid ? 'valid' : w.problem === 'expired' ? '**EXPIRED**' : '**UNKNOWN ITEM**'} until ${w.expires}, approved by ${w.approvedBy}: ${w.justification}`,
      ),
      s.waivers.file ? 'the file names none' : 'no waivers file',
    ),
    '',
    '## Approvals',
    '| item | role | name | date | status |',
    '|---|---|---|---|---|',
    ...s.approvals.map(
      (a) => `| ${a.item} | ${a.role} | ${cell(a.by ?? '')} | ${a.date ?? ''} | ${a.approved ? 'approved' : `MISSING: ${cell(oneLine(a.problem))}`} |`,
    ),
    '',
    '## Deployment metrics (SO-3)',
    `- date ${m.date}, time ${m.timeUtc} UTC, duration ${m.durationMinutes} min`,
    `- downtime ${m.downtime.minutes} min (unplanned ${m.downtime.unplannedMinutes} min), from ${m.downtime.samples} health probes through the run${m.downtime.pollerRan ? '' : ' (no health poller ran)'}`,
    ...m.downtime.outages.map(
      (o) =>
        `  - ${new Date(o.from).toISOString()} .. ${new Date(o.to).toISOString()} ${o.planned ? 'planned (rollback drill)' : 'UNPLANNED'}${o.detail ? `: ${oneLine(o.detail, 100)}` : ''}`,
    ),
    `- rollback required: ${m.rollbackRequired === null ? 'not evaluated (RB-0 did not run)' : m.rollbackRequired ? 'YES' : 'no'}`,
    `- issues: ${m.issues.length ? '' : 'none'}`,
    ...m.issues.map((i) => `  - ${oneLine(i)}`),
    '',
    '## Rollback triggers (RB-0)',
    ...(s.rollback
      ? [
          `Rollback recommended: **${s.rollback.recommended ? 'yes' : 'no'}**`,
          ...s.rollback.triggers.map((t) => `- ${t.breached ? 'BREACHED' : 'ok'}: ${t.name}: ${t.detail}`),
        ]
      : ['- not evaluated in this run']),
    '',
    '## Success criteria (SO-4)',
    ...s.criteria.map((c) => `- [${c.met ? 'x' : ' '}] ${c.criterion}: ${c.met === null ? 'not decided' : c.met ? 'met' : 'NOT met'} (${c.detail})`),
    '',
    '## Follow-up (SO-5)',
    ...(s.followUp
      ? [
          `- metrics exposed but used by no panel or rule (${s.followUp.unusedMetrics.length}): ${s.followUp.unusedMetrics.slice(0, 30).join(', ') || 'none'}`,
          `- alerts firing during the run: ${s.followUp.alertNoise.firingDuringRun.join(', ') || 'none'}`,
          `- alerts that fired in Prometheus' retention: ${s.followUp.alertNoise.firedInRetention.map((a) => `${a.alert} (${a.samples} samples)`).join(', ') || 'none'}`,
          `- alerts without a runbook entry: ${s.followUp.alertsWithoutRunbook.join(', ') || 'none'}`,
          `- alerts without a unit test: ${s.followUp.alertsWithoutTest.join(', ') || 'none'}`,
          '',
          s.followUp.lessonsLearned,
        ]
      : ['- not computed in this run']),
    '',
    '## Items',
  ];
  for (const p of bySection(s.items)) {
    lines.push('', `### ${p.phase}`);
    for (const sec of p.sections) {
      lines.push('', `#### ${sec.section}`, '', '| id | status | blocker | owner | duration | title | reason | report |', '|---|---|---|---|---|---|---|---|');
      for (const i of sec.items) {
        const reason = i.waiver ? `${SHOWN[i.status]}, waived: ${i.waiver.justification}` : i.shown === 'passed' ? '' : oneLine(i.message);
        lines.push(
          `| ${i.id} | ${SHOWN[i.shown]} | ${i.blocker} | ${cell(i.responsible)} | ${seconds(i.durationMs)} | ${cell(i.title)} | ${cell(reason)} | ${i.link ? `[Allure](${i.link})` : ''} |`,
        );
      }
    }
  }
  lines.push('');
  return lines.join('\n');
}
