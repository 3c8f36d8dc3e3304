import { execFileSync } from 'node:child_process';
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
