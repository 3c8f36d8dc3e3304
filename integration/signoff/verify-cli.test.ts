import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashConfig, writeManifest } from '../../src/signoff/manifest.js';
import { rebuildSignoff } from '../../src/signoff/rebuild.js';
import { fakeReport } from '../support/fake-report.js';

const cli = (...args: string[]) =>
  spawnSync(resolve('node_modules/.bin/tsx'), ['src/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKLIST_WORKERS: '1' } });

/** `npm run checklist -- verify` and `signoff` on a report directory, as a reviewer runs them. */
describe('the verify and signoff subcommands', () => {
  const dir = fakeReport();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verify passes on a fresh report, the rebuilt sign-off is the same, and an edited attachment fails verify', () => {
    rebuildSignoff(dir);
    writeManifest(dir, hashConfig('monitoring', ['waivers.reference.yaml']), {});
    const fresh = cli('verify', '--reports-dir', dir, '--repo', '.');
    expect(fresh.status, fresh.stdout + fresh.stderr).toBe(0);
    expect(fresh.stdout).toMatch(/intact: \d+ files match manifest.json/);
    const rebuilt = cli('signoff', '--reports-dir', dir);
    expect(rebuilt.stdout).toMatch(/VERDICT: READY/);
    expect(cli('verify', '--reports-dir', dir).status).toBe(0);
    appendFileSync(join(dir, 'allure-results', 'u7-attachment.json'), '\n');
    const edited = cli('verify', '--reports-dir', dir);
    expect(edited.status).toBe(1);
    expect(edited.stdout).toMatch(/CHANGED\s+allure-results\/u7-attachment.json/);
  });

  it('a directory without a run or a manifest is bad input (exit 2)', () => {
    const empty = join(dir, 'nothing-here');
    expect(cli('signoff', '--reports-dir', empty).status).toBe(2);
    expect(cli('verify', '--reports-dir', empty).status).toBe(2);
  });
});
