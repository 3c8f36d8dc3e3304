import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseTagFinding, tagStateAsOperator } from './release-tag.js';

const repo = mkdtempSync(join(tmpdir(), 'h9a-tag-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });

describe('the release tag', () => {
  it('fails without a tag at HEAD, passes with one, and checks a named tag is on HEAD', () => {
    git('init', '-q');
    writeFileSync(join(repo, 'a'), '1');
    git('add', '-A');
    git('commit', '-qm', 'one');
    expect(releaseTagFinding(repo, null).finding?.found).toBe('no tag points at HEAD (latest tag: none)');
    git('tag', '-a', 'v1.0.0', '-m', 'r');
    expect(releaseTagFinding(repo, null)).toEqual({ tags: ['v1.0.0'] });
    expect(releaseTagFinding(repo, 'v1.0.0').finding).toBeUndefined();
    expect(releaseTagFinding(repo, 'v2.0.0').finding?.found).toBe('no such tag (tags at HEAD: v1.0.0; latest tag: v1.0.0)');
    writeFileSync(join(repo, 'a'), '2');
    git('commit', '-qam', 'two');
    expect(releaseTagFinding(repo, 'v1.0.0').finding?.found).toMatch(/^v1.0.0 points at [0-9a-f]{12}$/);
  });
});

describe("the seed's tag step, as the reference operator takes it", () => {
  const work = mkdtempSync(join(tmpdir(), 'h9a-operator-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('tags the deployed commit in a deployment clone, pushes it to a throwaway origin, and leaves the checkout untouched', async () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    const before = execFileSync('git', ['tag'], { cwd: repo, encoding: 'utf8' });
    const day = new Date('2026-12-02T10:00:00Z');
    const tagged = await tagStateAsOperator(repo, join(work, 'ok'), day);
    expect(tagged.finding, tagged.transcript).toBeUndefined();
    expect(tagged.tag).toBe('pre-monitoring-deployment-20261202');
    expect(releaseTagFinding(tagged.repoDir, tagged.tag)).toEqual({ tags: [tagged.tag] });
    expect(execFileSync('git', ['rev-parse', `${tagged.tag}^{commit}`], { cwd: tagged.repoDir, encoding: 'utf8' }).trim()).toBe(head);
    expect(execFileSync('git', ['tag'], { cwd: repo, encoding: 'utf8' })).toBe(before);
  });

  it('keeps a tag of the day the checkout already has, and the check then fails when it is not on the deployed commit', async () => {
    git('tag', '-a', 'pre-monitoring-deployment-20261201', '-m', 'earlier today', 'HEAD~1');
    const tagged = await tagStateAsOperator(repo, join(work, 'earlier'), new Date('2026-12-01T18:00:00Z'));
    expect(tagged.finding, tagged.transcript).toBeUndefined();
    expect(releaseTagFinding(tagged.repoDir, tagged.tag).finding?.found).toMatch(/^pre-monitoring-deployment-20261201 points at [0-9a-f]{12}$/);
  });

  it('fails, naming the cause, where there is no repository to tag', async () => {
    const plain = mkdtempSync(join(work, 'plain-'));
    const tagged = await tagStateAsOperator(plain, join(work, 'none'));
    expect(tagged.finding?.found).toMatch(/no git repository|not installed/);
  });
});
