import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../probes/exposition.js';
import { counterRegressions, gaugeBoundProblems, histogramProblems } from './app.js';
import { interpolate, parseGrafanaNumber, panelsShowing } from './grafana.js';
import { analyseLogs, logFindings } from './logs.js';
import { judgeLatency, keepsGrowing, slopePerMinute } from './performance.js';
import { percentile } from '../../probes/performance.js';
import { endArguments, sessionIdOf, sessionTools } from './sessions.js';

const expo = (text: string) => parseExposition(text);

describe('exposition checks', () => {
  it('see a counter that goes down, and not one that grows', () => {
    const a = expo('# TYPE x_total counter\nx_total{a="1"} 5\n');
    const b = expo('# TYPE x_total counter\nx_total{a="1"} 4\n');
    expect(counterRegressions(a, b, 'w').finding).toMatchObject({ found: expect.stringContaining('x_total{a="1"} 5 -> 4') });
    expect(counterRegressions(b, a, 'w').finding).toBe(false);
  });

  it('see buckets that are not cumulative and +Inf different from _count', () => {
    const good = expo('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_sum 4\nh_count 3\n');
    const bad = expo('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 4\nh_count 3\n');
    expect(histogramProblems(good, 'h', 'w').finding).toBe(false);
    expect(histogramProblems(bad, 'h', 'w').finding).toMatchObject({ found: expect.stringMatching(/le="Infinity" = 1 < le="1" = 2.*but _count = 3/) });
  });

  it('check declared gauge bounds, skipping gauges the target lacks', () => {
    const e = expo('# TYPE a gauge\na 6\n# TYPE b gauge\nb 5\n');
    expect(gaugeBoundProblems(e, [{ gauge: 'a', op: '<=', bound: 'b' }], 'w').finding).toMatchObject({ found: 'a = 6, bound <= b (= 5)' });
    expect(gaugeBoundProblems(e, [{ gauge: 'c', op: '<=', bound: 'b' }], 'w')).toEqual({ finding: false, checked: [] });
  });
});

describe('Grafana checks', () => {
  it('read numbers as Grafana formats them', () => {
    expect(parseGrafanaNumber('1,204')).toEqual({ value: 1204, tolerance: 0.5 });
    expect(parseGrafanaNumber('1.2 K')).toEqual({ value: 1200, tolerance: 50 });
    expect(parseGrafanaNumber('3 Mil')).toEqual({ value: 3e6, tolerance: 5e5 });
    expect(parseGrafanaNumber('42')).toEqual({ value: 42, tolerance: 0.5 });
    expect(parseGrafanaNumber('No data')).toBeUndefined();
  });

  it('interpolate dashboard variables and find the panel reading a metric', () => {
    expect(
      interpolate('up{job="$job",i=~"${inst}"}', [
        { name: 'job', current: { value: 'x' } },
        { name: 'inst', current: { value: ['$__all'] } },
      ]),
    ).toBe('up{job="x",i=~".+"}');
    const panels = [
      { title: 'A', type: 'stat', queries: [{ refId: 'A', expr: 'sum(rate(s_total[5m]))', datasourceUid: 'p' }] },
      { title: 'B', type: 'stat', queries: [{ refId: 'A', expr: 'up', datasourceUid: 'p' }] },
    ];
    expect(panelsShowing(panels, 's_total', '').map((p) => p.title)).toEqual(['A']);
    expect(panelsShowing(panels, 's_total', 'B').map((p) => p.title)).toEqual(['B']);
  });
});

describe('log checks', () => {
  it('find plain text, missing levels and request lines without a correlation id', () => {
    const a = analyseLogs(
      ['plain text', '{"msg":"x"}', '{"level":30,"method":"GET","status":200}', '{"level":"error","method":"GET","url":"/","request_id":"r"}'],
      ['request_id'],
    );
    expect(a).toMatchObject({ lines: 4, levels: { info: 1, error: 1 }, requestLines: 2 });
    const found = logFindings(a, { correlationFields: ['request_id'], errorMaxPercent: 5 }, 'w').map((f) => f.expected);
    expect(found).toEqual([
      expect.stringContaining('valid JSON'),
      expect.stringContaining('a level'),
      expect.stringContaining('correlation id'),
      expect.stringContaining('ERROR lines'),
    ]);
  });
});

describe('performance checks', () => {
  it('take the nearest-rank p95 and a least-squares slope per minute', () => {
    expect(
      percentile(
        [...Array(20).keys()].map((i) => i + 1),
        95,
      ),
    ).toBe(19);
    expect(slopePerMinute([0, 1, 2, 3].map((s) => ({ seconds: s, value: 10 + s })))).toBeCloseTo(60);
    expect(slopePerMinute([{ seconds: 0, value: 1 }])).toBe(0);
    const steady = [...Array(20).keys()].map((s) => ({ seconds: s, value: 100 + s }));
    const step = [...Array(20).keys()].map((s) => ({ seconds: s, value: s < 10 ? 100 : 108 }));
    expect(keepsGrowing(steady, 20).growing).toBe(true);
    expect(keepsGrowing(step, 20)).toMatchObject({ growing: false });
    expect(keepsGrowing(step, 20).slope).toBeGreaterThan(20);
  });

  const idle = { cpuOfOneCore: 0.05, eventLoopDelayP99Ms: 2, hostCpuBusy: 0.3, hostCores: 2 };
  const saturated = { ...idle, hostCpuBusy: 0.97 };
  const tail = [...Array(18).fill(4), 130, 156];
  const slow = Array(20).fill(152);
  it('judges the metrics endpoint latency: a slow tail fails on a sound instrument and cannot be decided on a saturated host', () => {
    expect(judgeLatency({ samples: Array(20).fill(5), instrument: saturated }, 100, 'u')).toBeUndefined();
    expect(judgeLatency({ samples: tail, instrument: idle }, 100, 'u')?.finding?.found).toMatch(/^p95 130 ms, median 4 ms/);
    expect(judgeLatency({ samples: tail, instrument: saturated }, 100, 'u')?.cannotDecide).toMatch(
      /median is within it, and the host the probe runs on was saturated \(97 %/,
    );
    expect(judgeLatency({ samples: tail, instrument: { ...idle, eventLoopDelayP99Ms: 45 } }, 100, 'u')?.cannotDecide).toMatch(/starved of CPU/);
  });
  it('fails an endpoint whose typical request is slow, however busy the host', () => {
    expect(judgeLatency({ samples: slow, instrument: saturated }, 100, 'u')?.finding).toMatchObject({
      expected: 'GET /metrics p95 under 100 ms over 20 requests',
      found: expect.stringMatching(/^p95 152 ms, median 152 ms/),
    });
  });
});

describe('session tools', () => {
  const tool = (name: string, description = '', required: string[] = []) => ({ name, description, inputSchema: { type: 'object' as const, required } });
  it('take the configured tools, else discover them from names, else say what is offered', () => {
    const settings = { sessionTool: 'start_journal_session', sessionEndTool: 'end_journal_session' };
    expect(sessionTools([tool('start_journal_session'), tool('end_journal_session')], settings, 'w').start?.name).toBe('start_journal_session');
    const found = sessionTools([tool('open_work_session'), tool('close_work_session', '', ['sid']), tool('store')], settings, 'w');
    expect([found.start?.name, found.end?.name]).toEqual(['open_work_session', 'close_work_session']);
    expect(sessionTools([tool('store'), tool('search')], settings, 'w').finding).toMatchObject({ found: 'none; the server offers store, search' });
    expect(endArguments(tool('close', '', ['sid']), 'x')).toEqual({ sid: 'x' });
    expect(sessionIdOf({ text: '{"sessionId":"s1"}' })).toBe('s1');
    expect(sessionIdOf({ text: '', structured: { session_id: 7 } })).toBe('7');
  });
});
