import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseTagFinding } from './release-tag.js';

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
