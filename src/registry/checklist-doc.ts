import { ITEMS } from './items.js';
import { PHASES, type ChecklistItem, type Phase } from './types.js';

/** Where `npm run docs:checklist` writes the checklist, relative to the repository root. */
export const CHECKLIST_DOC = 'docs/checklist.md';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const HOW: Record<ChecklistItem['how'], string> = {
  auto: 'the suite decides it from the target',
  'auto+attest': "a probe of the target plus a named person's attestation",
  attest: 'a person decides it; it passes on a valid attestation',
  record: 'measured and written into the sign-off',
};

function row(item: ChecklistItem): string {
  const responsible = item.attestedBy ? `${item.responsible} (attested by ${item.attestedBy.join(', ')})` : item.responsible;
  const columns = [
    item.id,
    item.section,
    item.title,
    item.how,
    item.severity,
    item.blocker,
    responsible,
    item.mayNotApply?.join(', ') ?? '',
    item.writes ?? '',
  ];
  return `| ${columns.map(cell).join(' | ')} |`;
}

/** docs/checklist.md: the registry (src/registry/items.ts) as a document, one table per phase. */
export function renderChecklistDoc(items: readonly ChecklistItem[] = ITEMS): string {
  const phases = Object.keys(PHASES) as Phase[];
  return [
    '# The Phase 3 deployment checklist',
    '',
    '<!-- Generated from src/registry/items.ts by `npm run docs:checklist`; do not edit by hand (a unit test fails when it is stale). -->',
    '',
    `The ${items.length} items this project turns into tests: each is one test with a stable id (tests/ declares it with`,
    "`item('ID', ...)`), and the sign-off reads their results. Columns:",
    '',
    ...Object.entries(HOW).map(([how, meaning]) => `- how \`${how}\`: ${meaning};`),
    '- severity: the Allure severity, `critical` or `normal`;',
    '- blocker: `yes` and `yes-for-critical` keep the verdict NOT READY unless the item passed; `no` and `warning-only` are reported as warnings;',
    '- may not apply: the kinds of "not applicable" the item may be skipped for (`not-used`, `not-configured`, `disruptive`, `read-only`, `absent`);',
    '  a blocker skipped for any other reason keeps NOT READY;',
    '- writes: what the item changes on the target (it cleans up after itself); a `--read-only` run skips it.',
    '',
    ...phases.flatMap((phase) => {
      const ofPhase = items.filter((i) => i.phase === phase);
      if (ofPhase.length === 0) return [];
      return [
        `## ${PHASES[phase]} (\`${phase}\`, ${ofPhase.length} items)`,
        '',
        '| id | section | title | how | severity | blocker | responsible | may not apply | writes |',
        '|---|---|---|---|---|---|---|---|---|',
        ...ofPhase.map(row),
        '',
      ];
    }),
  ].join('\n');
}
