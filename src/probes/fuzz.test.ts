// Property tests of the parsers of what targets answer: exposition text, PromQL, and JSON bodies of
// Prometheus, Alertmanager and Grafana. No crash, no hang: a result or a clear, typed error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpositionParseError, parseExposition } from './exposition.js';
import { parsePromQL } from './promql.js';
import { jsonOf, type HttpExchange } from './http.js';
import { ItemBroken } from '../registry/errors.js';
import { framesHaveData, lastValues, type DataFrame } from './grafana.js';

const name = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,15}$/);
const num = fc.oneof(fc.double().map(String), fc.constantFrom('NaN', '+Inf', '-Inf', 'Nan', '1e3', '-0'));
const labels = fc.array(fc.tuple(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.string({ maxLength: 8 })), { maxLength: 3 });
const sampleLine = fc
  .tuple(name, labels, num)
  .map(([n, ls, v]) => `${n}${ls.length ? `{${ls.map(([k, x]) => `${k}=${JSON.stringify(x)}`).join(',')}}` : ''} ${v}`);
const exposition = fc.array(
  fc.oneof(
    sampleLine,
    fc.tuple(name, fc.constantFrom('counter', 'gauge', 'histogram', 'summary', 'untyped')).map(([n, t]) => `# TYPE ${n} ${t}`),
    fc.string(),
  ),
  { maxLength: 20 },
);

describe('exposition parser under generated input', () => {
  it('parses well-formed lines exactly, and rejects anything else with ExpositionParseError', () => {
    fc.assert(
      fc.property(exposition, (lines) => {
        try {
          const parsed = parseExposition(lines.join('\n'));
          for (const s of parsed.samples) expect(typeof s.value).toBe('number');
        } catch (error) {
          expect(error).toBeInstanceOf(ExpositionParseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads every generated well-formed sample', () => {
    fc.assert(
      fc.property(fc.array(sampleLine, { minLength: 1, maxLength: 10 }), (lines) => {
        expect(parseExposition(lines.join('\n') + '\n').samples).toHaveLength(lines.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('PromQL parser under generated input', () => {
  it('never throws; names the metrics of valid selectors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          name.map((n) => `sum(rate(${n}[5m]))`),
          fc.tuple(name, name).map(([a, b]) => `${a} / on() ${b}`),
        ),
        (expr) => {
          const parsed = parsePromQL(expr);
          expect(Array.isArray(parsed.errors)).toBe(true);
          if (/^sum\(rate\(/.test(expr) && parsed.errors.length === 0) expect(parsed.metrics.length).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const exchangeOf = (body: string): HttpExchange => ({ method: 'GET', url: 'http://127.0.0.1:1/api', status: 200, headers: {}, body, elapsedMs: 1 });

describe('JSON answers of Prometheus, Alertmanager and Grafana under generated bodies', () => {
  it('jsonOf gives the value or an ItemBroken naming the URL', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (body) => {
        try {
          jsonOf(exchangeOf(body));
        } catch (error) {
          expect(error).toBeInstanceOf(ItemBroken);
          expect((error as Error).message).toContain('http://127.0.0.1:1/api');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('Grafana frame readers accept any frame shape without crashing', () => {
    const frame = fc.record({
      schema: fc.record({ fields: fc.array(fc.record({ name: fc.string(), type: fc.constantFrom('time', 'number', 'string') }), { maxLength: 3 }) }),
      data: fc.record({ values: fc.array(fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 4 }), { maxLength: 3 }) }),
    });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 3 }), (frames) => {
        const f = frames as unknown as DataFrame[];
        expect(typeof framesHaveData(f)).toBe('boolean');
        for (const v of lastValues(f)) expect(typeof v).toBe('number');
      }),
      { numRuns: 300 },
    );
  });
});
