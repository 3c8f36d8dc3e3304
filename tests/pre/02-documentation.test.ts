// Seed section: 2. Documentation (CRITICAL).
// The seven documents (DOCS, or found by file name) are parsed with remark (GFM): PRE-2.1 counts
// their prose and sections; PRE-2.2 resolves every relative link and anchor and looks up the files,
// npm scripts and environment variables they mention; PRE-2.3 is PRE-2.1 + 2.2 and an attestation.
import { item } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import type { ItemContext } from '../../src/harness/context.js';
import { documentFindings, documents } from '../../src/harness/docs/documents.js';
import { documentationFindings } from '../../src/harness/docs/validate.js';

function complete({ target, evidence }: ItemContext) {
  const docs = documents(target.repoDir, target.docs);
  const { findings, measured } = documentFindings(target.repoDir, target.docs, docs);
  return { docs, findings, measured, evidence };
}

async function validated(ctx: ItemContext) {
  const { docs, findings, measured } = complete(ctx);
  const present = docs.filter((d, i) => d.path && measured[i]?.exists !== false).map((d) => d.path!);
  const problems = documentationFindings(ctx.target.repoDir, present, ctx.target.code.appDir);
  await ctx.evidence.json('documents', { measured, checked: present, problems: problems.length });
  return { findings, problems };
}

item('PRE-2.1', async (ctx) => {
  const { findings, measured } = complete(ctx);
  await ctx.evidence.json('documents', measured);
  checkAll(findings);
});

item('PRE-2.2', async (ctx) => {
  const { problems } = await validated(ctx);
  checkAll(problems);
});

item('PRE-2.3', async (ctx) => {
  const { findings, problems } = await validated(ctx);
  checkAll([...findings, ...problems]);
  await ctx.attest();
});
