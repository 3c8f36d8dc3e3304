import { describe, expect, it } from 'vitest';
import { imageSetFromEnv, parseRunOptions, UsageError } from './options.js';

describe('parseRunOptions', () => {
  it('reads filters, images and the fault', () => {
    const o = parseRunOptions(['--item', 'VER-1', '--item', 'PRE-6.1', '--phase', 'smoke', '--images', 'local', '--fault', 'metric-missing'], {});
    expect(o).toMatchObject({ items: ['VER-1', 'PRE-6.1'], phases: ['smoke'], images: 'local', fault: 'metric-missing', report: true });
  });

  it('takes the image set from CHECKLIST_IMAGES, and rejects a bad one', () => {
    expect(parseRunOptions([], { CHECKLIST_IMAGES: 'official' }).images).toBe('official');
    expect(imageSetFromEnv({ CHECKLIST_IMAGES: 'local' })).toBe('local');
    expect(imageSetFromEnv({})).toBeUndefined();
    expect(() => imageSetFromEnv({ CHECKLIST_IMAGES: 'latest' })).toThrow('CHECKLIST_IMAGES must be local or official, not "latest"');
  });

  it('rejects bad input with every problem before anything starts', () => {
    const run = () => parseRunOptions(['--item', 'NOPE-1', '--phase', 'later', '--images', 'x', '--deadline-ms', '5'], {});
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/--images must be local or official[\s\S]*--item NOPE-1: no such item[\s\S]*--phase later[\s\S]*--deadline-ms/);
    expect(() => parseRunOptions(['--bogus'], {})).toThrow(UsageError);
    expect(() => parseRunOptions(['--fault', 'x', '--env-file', 'y'], {})).toThrow(/cannot be combined/);
  });
});

describe('the CLI surface of issue 11', () => {
  it('reads severity, profile, e2e, shard and the permission flags', () => {
    const o = parseRunOptions(['--phase', 'e2e', '--severity', 'critical', '--profile', 'release', '--shard', '2/3', '--read-only', '--quiet', '--json'], {});
    expect(o).toMatchObject({
      phases: ['e2e'],
      severity: 'critical',
      profile: 'release',
      shard: { index: 2, count: 3 },
      readOnly: true,
      quiet: true,
      json: true,
    });
    expect(parseRunOptions([], {}).profile).toBe('ci');
  });

  it('names the valid choices and a near miss', () => {
    expect(() => parseRunOptions(['--itme', 'VER-1'], {})).toThrow(/unknown option --itme; did you mean --item\?/);
    expect(() => parseRunOptions(['--phase', 'verfy'], {})).toThrow(/must be one of pre, deploy, smoke, verify, e2e, rollback, signoff; did you mean verify\?/);
    expect(() => parseRunOptions(['--item', 'VER-11'], {})).toThrow(/no such item; did you mean VER-1\?/);
    expect(() => parseRunOptions(['--shard', '3/2'], {})).toThrow(/--shard 3\/2: must be I\/N/);
    expect(() => parseRunOptions(['--severity', 'high'], {})).toThrow(/critical or normal/);
    expect(() => parseRunOptions(['--reuse', '--fault', 'x'], {})).toThrow(/cannot seed a --fault/);
  });
});
