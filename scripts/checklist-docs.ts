// Writes docs/checklist.md from the registry: `npm run docs:checklist`.
import { writeFileSync } from 'node:fs';
import { CHECKLIST_DOC, renderChecklistDoc } from '../src/registry/checklist-doc.js';

writeFileSync(CHECKLIST_DOC, renderChecklistDoc());
process.stdout.write(`wrote ${CHECKLIST_DOC}\n`);
