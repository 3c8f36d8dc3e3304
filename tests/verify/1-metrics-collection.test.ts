// Post-deployment verification 1. Metrics Collection (CRITICAL): verify_metrics.sh, as a test.
import { item } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import type { Sample } from '../../src/probes/exposition.js';

const REQUIRED = ['mcp_journal_sessions_total', 'mcp_journal_sessions_active', 'mcp_db_connections_active', 'mcp_vector_memory_count'] as const;
const MIN_MCP_SERIES = 51; // the seed: "more than 50"

const sum = (samples: Sample[], name: string) => samples.filter((s) => s.name === name).reduce((total, s) => total + s.value, 0);

item('VER-1', async ({ app, evidence }) => {
  const { res, exposition } = await app.metrics();
  const mcp = exposition.samples.filter((s) => s.name.startsWith('mcp_'));
  await evidence.text('GET /metrics (mcp_ lines)', res.body.split('\n').filter((l) => l.startsWith('mcp_') || l.startsWith('# TYPE mcp_')).join('\n'));
  const names = new Set(mcp.map((s) => s.name));
  const missing = REQUIRED.filter((name) => !names.has(name));
  const unreasonable = mcp.filter((s) => !Number.isFinite(s.value) || s.value < 0);
  const active = sum(mcp, 'mcp_journal_sessions_active');
  const total = sum(mcp, 'mcp_journal_sessions_total');
  const connections = sum(mcp, 'mcp_db_connections_active');
  const maxConnections = names.has('mcp_db_connections_max') ? sum(mcp, 'mcp_db_connections_max') : undefined;
  const memories = sum(mcp, 'mcp_vector_memory_count');
  await evidence.json('metrics collection', { mcpSeries: mcp.length, required: REQUIRED, missing, active, total, connections, maxConnections, memories });

  const where = res.url;
  const findings: (Finding | false)[] = [
    res.status !== 200 && { expected: 'GET /metrics to answer 200', found: `${res.status}`, where },
    mcp.length < MIN_MCP_SERIES && { expected: `more than 50 mcp_ series`, found: `${mcp.length}`, where },
    missing.length > 0 && {
      expected: `the required metrics ${REQUIRED.join(', ')}`,
      found: `${missing.join(', ')} missing among ${mcp.length} mcp_ series`,
      where,
      hint: 'the application must register these metrics at start-up, before any traffic',
    },
    unreasonable.length > 0 && {
      expected: 'every mcp_ value finite and >= 0',
      found: unreasonable.slice(0, 5).map((s) => `${s.name}${JSON.stringify(s.labels)}=${s.value}`).join(', '),
      where,
    },
    active > total && { expected: 'mcp_journal_sessions_active <= mcp_journal_sessions_total', found: `${active} active of ${total} started`, where },
    maxConnections !== undefined && connections > maxConnections && { expected: 'mcp_db_connections_active <= mcp_db_connections_max', found: `${connections} > ${maxConnections}`, where },
    !Number.isInteger(memories) && { expected: 'mcp_vector_memory_count to be a whole number', found: `${memories}`, where },
  ];
  checkAll(findings);
});
