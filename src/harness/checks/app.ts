import type { Finding } from '../../registry/errors.js';
import { familyOf, type Exposition, type Sample } from '../../probes/exposition.js';
import type { VerifySettings } from '../../deployment/target.js';

/** Checks of an application's own exposition: plain functions returning findings and what they saw. */

const key = (s: Sample): string => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
const show = (s: Sample): string =>
  `${s.name}{${Object.entries(s.labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
const few = (list: string[], n = 5): string => `${list.slice(0, n).join('; ')}${list.length > n ? `; and ${list.length - n} more` : ''}`;

/** Samples of the families whose declared TYPE is `type` (counters: their `_total`/`_created` samples not included twice). */
export function samplesOfType(exposition: Exposition, type: string): Sample[] {
  return exposition.samples.filter((s) => exposition.types.get(familyOf(s.name, exposition.types)) === type);
}

/** Counters never go down between two scrapes (a reset of the process is the only excuse, and it is named). */
export function counterRegressions(before: Exposition, after: Exposition, where: string): { finding: Finding | false; compared: number } {
  const earlier = new Map(samplesOfType(before, 'counter').map((s) => [key(s), s]));
  const down: string[] = [];
  let compared = 0;
  for (const s of samplesOfType(after, 'counter')) {
    const was = earlier.get(key(s));
    if (!was) continue;
    compared++;
    if (s.value < was.value) down.push(`${show(s)} ${was.value} -> ${s.value}`);
  }
  return {
    compared,
    finding: down.length > 0 && {
      expected: 'every counter to stay or grow between two scrapes',
      found: `${down.length} counter series went down: ${few(down)}`,
      where,
      hint: 'a counter must only be reset by a process restart; use a gauge for values that go down, or stop resetting the counter',
    },
  };
}

/** Histogram buckets are cumulative (non-decreasing in `le`) and `le="+Inf"` equals `_count`, per series. */
export function histogramProblems(exposition: Exposition, prefix: string, where: string): { finding: Finding | false; histograms: number } {
  const groups = new Map<string, { family: string; labels: string; buckets: { le: number; value: number }[]; count?: number }>();
  for (const s of samplesOfType(exposition, 'histogram')) {
    const family = familyOf(s.name, exposition.types);
    if (!family.startsWith(prefix)) continue;
    const { le, ...rest } = s.labels;
    const labels = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(`${family}${labels}`) ?? {
      family,
      labels: Object.entries(rest)
        .map(([k, v]) => `${k}="${v}"`)
        .join(','),
      buckets: [],
    };
    groups.set(`${family}${labels}`, group);
    if (s.name === `${family}_bucket` && le !== undefined) group.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), value: s.value });
    if (s.name === `${family}_count`) group.count = s.value;
  }
  const problems: string[] = [];
  for (const g of groups.values()) {
    const buckets = [...g.buckets].sort((a, b) => a.le - b.le);
    const drop = buckets.findIndex((b, i) => i > 0 && b.value < buckets[i - 1]!.value);
    if (drop > 0)
      problems.push(
        `${g.family}{${g.labels}} bucket le="${buckets[drop]!.le}" = ${buckets[drop]!.value} < le="${buckets[drop - 1]!.le}" = ${buckets[drop - 1]!.value}`,
      );
    const inf = buckets.find((b) => b.le === Infinity);
    if (!inf) problems.push(`${g.family}{${g.labels}} has no le="+Inf" bucket`);
    else if (g.count !== undefined && inf.value !== g.count) problems.push(`${g.family}{${g.labels}} le="+Inf" = ${inf.value} but _count = ${g.count}`);
  }
  return {
    histograms: groups.size,
    finding: problems.length > 0 && {
      expected: 'histogram buckets cumulative (each le at least the one below) and le="+Inf" equal to _count',
      found: few(problems),
      where,
      hint: 'expose cumulative bucket counts, as the Prometheus client libraries do; do not post-process the exposition',
    },
  };
}

/** The declared bounds of gauges hold (a bound naming a gauge the target does not expose is not checked). */
export function gaugeBoundProblems(
  exposition: Exposition,
  bounds: VerifySettings['gaugeBounds'],
  where: string,
): { finding: Finding | false; checked: string[] } {
  const total = (name: string): number | undefined => familyTotal(exposition, name);
  const checked: string[] = [];
  const broken: string[] = [];
  for (const { gauge, op, bound } of bounds) {
    const value = total(gauge);
    const limit = typeof bound === 'number' ? bound : total(bound);
    if (value === undefined || limit === undefined) continue;
    checked.push(`${gauge}${op}${bound}`);
    if (!Number.isFinite(value) || (op === '<=' ? value > limit : value < limit))
      broken.push(`${gauge} = ${value}, bound ${op} ${bound}${typeof bound === 'string' ? ` (= ${limit})` : ''}`);
  }
  return {
    checked,
    finding: broken.length > 0 && {
      expected: 'gauges within their declared bounds (GAUGE_BOUNDS)',
      found: few(broken),
      where,
      hint: 'a gauge out of its bounds means the application counts wrong',
    },
  };
}

/** Values of the application's series that no metric may have: NaN or infinite gauges/counters, negative counters. */
export function impossibleValues(exposition: Exposition, prefix: string, where: string): Finding | false {
  const bad = exposition.samples.filter((s) => {
    if (!s.name.startsWith(prefix)) return false;
    const type = exposition.types.get(familyOf(s.name, exposition.types));
    if (type === 'counter') return !Number.isFinite(s.value) || s.value < 0;
    if (type === 'gauge') return !Number.isFinite(s.value);
    return false;
  });
  return (
    bad.length > 0 && { expected: `every ${prefix} counter finite and >= 0, every gauge finite`, found: few(bad.map((s) => `${show(s)} = ${s.value}`)), where }
  );
}

/** The summed value of a family's samples (counters: the `_total` samples; undefined when absent). */
export function familyTotal(exposition: Exposition, name: string): number | undefined {
  const list = exposition.samples.filter((s) => s.name === name);
  return list.length ? list.reduce((sum, s) => sum + s.value, 0) : undefined;
}
