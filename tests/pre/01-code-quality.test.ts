// Seed section: 1. Code Quality (CRITICAL).
// Each item runs the target's own command (TYPECHECK_COMMAND, ... in .env.example; for a Node
// project the defaults come from its package.json) in APP_DIR, with a deadline, and attaches the
// output and duration. Numbers come from the runner's JSON report, never from its coloured text.
import { item } from '../../src/harness/vitest.js';
import { decideAudit, decideChecker, decideCoverage, decideTests } from '../../src/harness/code/decide.js';
import { checkStrict } from '../../src/harness/code/strict.js';

// Above the largest COMMAND_TIMEOUT_MS (840 s), so the command's own deadline always speaks first.
const timeoutMs = 15 * 60_000;

item('PRE-1.1', async ({ target, evidence }) => void (await decideTests('unit', target, evidence)), { timeoutMs });
item('PRE-1.2', async ({ target, evidence }) => void (await decideTests('integration', target, evidence)), { timeoutMs });
item('PRE-1.3', async ({ target, evidence }) => void (await decideCoverage(target, evidence)), { timeoutMs });
item(
  'PRE-1.4',
  async ({ target, evidence }) => {
    const result = await decideChecker('typecheck', target, evidence);
    await checkStrict(result, target, evidence);
  },
  { timeoutMs },
);
item('PRE-1.5', async ({ target, evidence }) => void (await decideChecker('lint', target, evidence)), { timeoutMs });
item('PRE-1.6', async ({ target, evidence }) => decideAudit(target, evidence), { timeoutMs });
