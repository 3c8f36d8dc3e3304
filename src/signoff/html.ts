import { bySection, checkedLines, oneLine, seconds, SHOWN } from './markdown.js';
import type { Signoff } from './signoff.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const ul = (lines: string[]) => `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;

/** Print on one A4 page where it fits: small type, no backgrounds lost, rows never split. */
const STYLE = `
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { font: 8.5pt/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 10pt; margin: 3mm 0 1mm; border-bottom: 1px solid #999; }
h3 { font-size: 9pt; margin: 2mm 0 1mm; }
.verdict { display: inline-block; padding: 1mm 3mm; border-radius: 2mm; color: #fff; font-weight: 700; }
.READY { background: #1a7f37; } .NOT-READY { background: #b42318; }
table { border-collapse: collapse; width: 100%; }
#items { table-layout: fixed; font-size: 7pt; line-height: 1.15; }
#items td { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
#items td.sec, #items td:last-child { white-space: normal; }
.clip { white-space: nowrap; text-overflow: ellipsis; }
.why { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.sec { font-weight: 600; }
.phase { background: #eee; }
td, th { border: 1px solid #ccc; padding: 0.5mm 1mm; text-align: left; vertical-align: top; }
tr { break-inside: avoid; }
.s-passed { color: #1a7f37; } .s-failed { color: #b42318; font-weight: 700; } .s-broken { color: #9a3412; font-weight: 700; }
.s-skipped { color: #555; } .s-waived { color: #6d28d9; font-weight: 700; }
.notice { border: 1px solid #6d28d9; padding: 1mm 2mm; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
ul { margin: 0; padding-left: 4mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { font-size: 7pt; } h1 { font-size: 12pt; } h2 { font-size: 8.5pt; margin-top: 2mm; } #items { font-size: 6.3pt; } td, th { padding: 0.2mm 0.8mm; } }
`;

/** The one-page sign-off: self-contained HTML (no script, no external file), opens from disk, prints on A4. */
export function html(s: Signoff): string {
  const m = s.metrics;
  const rows = bySection(s.items)
    .map(
      (p) =>
        `<tr><th colspan="8" class="phase">${esc(p.phase)}</th></tr>` +
        p.sections
          .map((sec) =>
            sec.items
              .map((i, n) => {
                const reason = i.waiver ? `${SHOWN[i.status]}, waived: ${i.waiver.justification}` : i.shown === 'passed' ? '' : oneLine(i.message, 140);
                const id = i.link ? `<a href="${esc(i.link)}">${esc(i.id)}</a>` : esc(i.id);
                const section = n === 0 ? `<td rowspan="${sec.items.length}" class="sec">${esc(sec.section)}</td>` : '';
                return `<tr data-id="${esc(i.id)}" data-status="${i.shown}">${section}<td>${id}</td><td class="s-${i.shown}">${SHOWN[i.shown]}</td><td>${esc(i.blocker)}</td><td class="clip">${esc(i.responsible)}</td><td>${seconds(i.durationMs)}</td><td class="clip" title="${esc(i.title)}">${esc(i.title)}</td><td title="${esc(reason)}"><div class="why">${esc(reason)}</div></td></tr>`;
              })
              .join(''),
          )
          .join(''),
    )
    .join('');
  const approvals = s.approvals
    .map(
      (a) =>
        `<tr><td>${esc(a.item)}</td><td>${esc(a.role)}</td><td>${esc(a.by ?? '')}</td><td>${esc(a.date ?? '')}</td><td class="${a.approved ? 's-passed' : 's-failed'}">${a.approved ? 'approved' : `MISSING: ${esc(oneLine(a.problem, 100))}`}</td></tr>`,
    )
    .join('');
  const waivers = s.waivers.states.map(
    (w) =>
      `${w.item}: ${w.valid ? 'valid' : w.problem === 'expired' ? 'EXPIRED' : 'UNKNOWN ITEM'} until ${w.expires}, approved by ${w.approvedBy}: ${w.justification}`,
  );
  const criteria = s.criteria.map((c) => `${c.met === null ? '?' : c.met ? '✔' : '✘'} ${c.criterion} (${c.detail})`);
  const f = s.followUp;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deployment sign-off: ${s.verdict}</title><style>${STYLE}</style></head>
<body>
<h1>Phase 3 deployment sign-off <span class="verdict ${s.verdict.replace(' ', '-')}" id="verdict">${s.verdict}</span></h1>
<div>Generated ${esc(s.generatedAt)}; mode ${esc(s.run.mode)}${s.run.fault ? `, seeded fault ${esc(s.run.fault)}` : ''}; ${s.run.selected} items selected.
Passed ${s.counts.passed}, failed ${s.counts.failed}, broken ${s.counts.broken}, skipped ${s.counts.skipped}, waived ${s.counts.waived}.</div>
<h2>Verdict</h2>${ul(s.reasons)}
<div class="cols"><div><h2>What was checked</h2>${ul(checkedLines(s.checked))}</div>
<div><h2>Deployment metrics</h2>${ul([
    `date ${m.date}, ${m.timeUtc} UTC, duration ${m.durationMinutes} min`,
    `downtime ${m.downtime.minutes} min (unplanned ${m.downtime.unplannedMinutes} min; ${m.downtime.samples} health probes)`,
    `rollback required: ${m.rollbackRequired === null ? 'not evaluated' : m.rollbackRequired ? 'YES' : 'no'}`,
    `issues: ${m.issues.length}`,
  ])}
<h2>Success criteria</h2>${ul(criteria)}</div></div>
<h2>Approvals</h2><table><tr><th>item</th><th>role</th><th>name</th><th>date</th><th>status</th></tr>${approvals}</table>
<h2>Waivers</h2>${s.waivers.notice ? `<div class="notice">${esc(s.waivers.notice)}</div>` : ''}${ul(waivers.length ? waivers : ['none'])}
${s.rollback ? `<h2>Rollback triggers</h2><div>Rollback recommended: <b>${s.rollback.recommended ? 'yes' : 'no'}</b></div>${ul(s.rollback.triggers.map((t) => `${t.breached ? 'BREACHED' : 'ok'}: ${t.name}: ${t.detail}`))}` : ''}
${f ? `<h2>Follow-up</h2>${ul([`unused metrics: ${f.unusedMetrics.length}`, `alerts fired during the run: ${f.alertNoise.firingDuringRun.length}`, `alerts without runbook: ${f.alertsWithoutRunbook.join(', ') || 'none'}`, `alerts without unit test: ${f.alertsWithoutTest.join(', ') || 'none'}`])}` : ''}
<h2>Items</h2>
<table id="items"><colgroup><col style="width:12%"><col style="width:8%"><col style="width:7.5%"><col style="width:8%"><col style="width:9%"><col style="width:5.5%"><col style="width:28%"><col style="width:22%"></colgroup><tr><th>section</th><th>id</th><th>status</th><th>blocker</th><th>owner</th><th>duration</th><th>title</th><th>reason</th></tr>${rows}</table>
</body></html>
`;
}
