// Post-deployment verification 6. Logging (IMPORTANT): every application log line in the window is
// JSON with a level; correlation ids on request lines; ERROR share under LOG_ERROR_MAX_PERCENT; the
// level distribution attached. Reference: the container's logs; external: LOG_FILE or LOG_COMMAND.
import { randomUUID } from 'node:crypto';
import { item } from '../../src/harness/vitest.js';
import { checkAll } from '../../src/registry/errors.js';
import { exchange } from '../../src/probes/http.js';
import { pollUntil } from '../../src/probes/poll.js';
import { analyseLogs, logFindings } from '../../src/harness/checks/logs.js';
import { applicationLogs } from '../../src/harness/checks/log-source.js';

const REQUESTS = 3;

item('VER-6', async ({ target, evidence, notApplicable }) => {
  const v = target.verify;
  if (target.mode === 'external' && !v.logFile && !v.logCommand) {
    notApplicable('not-configured', 'the target names no log source (LOG_FILE or LOG_COMMAND in its .env file), so its log lines cannot be read');
  }
  // Requests of our own, so the window holds request lines; their id shows where they are.
  const id = `checklist-ver6-${randomUUID()}`;
  await Promise.all(
    Array.from({ length: REQUESTS }, () =>
      exchange(`${target.app.url}${v.activityPath}`, { headers: { 'x-correlation-id': id }, timeoutMs: target.httpTimeoutMs }),
    ),
  );
  const read = await pollUntil(
    () => applicationLogs(target),
    (logs) => logs === null || logs.lines.some((l) => l.includes(id)),
    { timeoutMs: 5_000, intervalMs: 250 },
  );
  const logs = read.value!;
  const analysis = analyseLogs(logs.lines, v.logCorrelationFields);
  await evidence.json('log analysis', {
    source: logs.where,
    lines: analysis.lines,
    levels: analysis.levels,
    requestLines: analysis.requestLines,
    ourCorrelationIdSeen: read.ok,
    errorPercent: analysis.errorPercent,
    notJson: analysis.notJson.slice(0, 20),
    uncorrelated: analysis.uncorrelated.slice(0, 20),
  });
  await evidence.text('log lines read', logs.lines.join('\n'));
  checkAll(logFindings(analysis, { correlationFields: v.logCorrelationFields, errorMaxPercent: v.logErrorMaxPercent }, logs.where));
});
