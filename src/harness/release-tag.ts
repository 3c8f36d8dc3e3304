import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCommand } from '../tools/exec-file.js';
import type { Finding } from '../registry/errors.js';

const git = (cwd: string, args: string[]): string => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 }).trim();
  } catch {
    return '';
  }
};

/** The release is tagged: `tag` exists (when named), or some tag points at HEAD. Returns the tags found and the finding when not. */
export function releaseTagFinding(repoDir: string, tag: string | null): { tags: string[]; finding?: Finding } {
  const head = git(repoDir, ['rev-parse', 'HEAD']);
  if (!head)
    return {
      tags: [],
      finding: {
        expected: 'the release tagged in the target repository',
        found: 'no git repository (or no commit)',
        where: repoDir,
        hint: 'deploy from a clone of the repository',
      },
    };
  const atHead = git(repoDir, ['tag', '--points-at', 'HEAD']).split('\n').filter(Boolean);
  const latest = git(repoDir, ['describe', '--tags', '--abbrev=0']) || 'none';
  if (tag) {
    const commit = git(repoDir, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`]);
    if (!commit)
      return {
        tags: atHead,
        finding: {
          expected: `release tag ${tag} (RELEASE_TAG) in the repository`,
          found: `no such tag (tags at HEAD: ${atHead.join(', ') || 'none'}; latest tag: ${latest})`,
          where: repoDir,
          hint: `git tag -a ${tag} -m "Release ${tag}" && git push origin ${tag}`,
        },
      };
    return {
      tags: [tag],
      finding:
        commit === head
          ? undefined
          : {
              expected: `release tag ${tag} on the deployed commit (HEAD ${head.slice(0, 12)})`,
              found: `${tag} points at ${commit.slice(0, 12)}`,
              where: repoDir,
              hint: 'deploy the tagged commit, or tag the one deployed',
            },
    };
  }
  return {
    tags: atHead,
    finding: atHead.length
      ? undefined
      : {
          expected: `a release tag on the deployed commit (HEAD ${head.slice(0, 12)})`,
          found: `no tag points at HEAD (latest tag: ${latest})`,
          where: repoDir,
          hint: 'git tag -a v<version> -m "Release v<version>" && git push origin v<version>, or name the tag in RELEASE_TAG',
        },
  };
}

/** The tag of the seed's step 1.2 ("State before monitoring deployment"), named after the day. */
export function stateTagName(now: Date = new Date()): string {
  return `pre-monitoring-deployment-${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export interface TaggedState {
  /** The deployment clone whose HEAD is the deployed commit, holding the tag. */
  repoDir: string;
  tag: string;
  /** The commands run, with their exits: evidence. */
  transcript: string;
  finding?: Finding;
}

/**
 * The seed's step 1.2 tag as the reference deployment's operator takes it (the suite starts the
 * reference deployment, so it also takes its steps): `git tag -a pre-monitoring-deployment-<date>`
 * on the deployed commit and `git push origin --tags`, in a deployment clone of `repoDir` made under
 * `workDir` whose origin is a bare clone there too. The developer's checkout is never written to;
 * what is checked afterwards is the seed's "Git tag pushed": the tag on the deployed commit, and on origin.
 */
export async function tagStateAsOperator(repoDir: string, workDir: string, now: Date = new Date()): Promise<TaggedState> {
  const origin = join(workDir, 'origin.git');
  const deploy = join(workDir, 'deployment');
  const tag = stateTagName(now);
  const lines: string[] = [];
  const git = async (cwd: string, args: string[]) => {
    const run = await runCommand('git', args, {
      cwd,
      timeoutMs: 30_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_COMMITTER_NAME: 'checklist (reference operator)', GIT_COMMITTER_EMAIL: 'checklist@localhost' },
    });
    lines.push(`$ ${run.command}\nexit ${run.exitCode}${run.stderr.trim() ? `\n${run.stderr.trim()}` : ''}`);
    return run;
  };
  const fail = (found: string): TaggedState => ({
    repoDir: deploy,
    tag,
    transcript: lines.join('\n'),
    finding: {
      expected: `the state before the deployment tagged ${tag} and pushed`,
      found,
      where: repoDir,
      hint: 'deploy from a clone of the repository (git on PATH)',
    },
  });
  mkdirSync(workDir, { recursive: true });
  const head = await git(repoDir, ['rev-parse', '--verify', 'HEAD']);
  if (head.exitCode !== 0) return fail(head.missing ? 'git is not installed' : 'no git repository (or no commit)');
  /** The first of `steps` that fails, as the finding's text; undefined when all succeed. */
  const runAll = async (steps: string[][]): Promise<string | undefined> => {
    for (const args of steps) {
      const run = await git(workDir, args);
      if (run.exitCode !== 0) return `\`${run.command}\` exited ${run.exitCode}: ${run.stderr.trim().split('\n')[0] ?? ''}`;
    }
    return undefined;
  };
  const cloned = await runAll([
    ['clone', '--quiet', '--bare', '--shared', resolve(repoDir), origin],
    ['clone', '--quiet', '--shared', '--no-checkout', origin, deploy],
    ['-C', deploy, 'update-ref', '--no-deref', 'HEAD', head.stdout.trim()],
  ]);
  if (cloned) return fail(cloned);
  // Tagged today already (a tag of the checkout): kept as it is, and checked like any other.
  const tagged = (await git(workDir, ['-C', deploy, 'rev-parse', '--verify', '--quiet', `refs/tags/${tag}`])).exitCode === 0;
  const failed = tagged
    ? undefined
    : await runAll([
        ['-C', deploy, 'tag', '-a', tag, '-m', 'State before monitoring deployment'],
        ['-C', deploy, 'push', '--quiet', 'origin', `refs/tags/${tag}`],
      ]);
  if (failed) return fail(failed);
  const pushed = await git(deploy, ['ls-remote', '--tags', 'origin', `refs/tags/${tag}`]);
  if (!pushed.stdout.trim()) return fail(`${tag} is not on origin after the push`);
  return { repoDir: deploy, tag, transcript: lines.join('\n') };
}
