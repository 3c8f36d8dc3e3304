import { loadExternalTarget } from '../deployment/load.js';
import { readTargetFile, TARGET_FILE_ENV, type Target } from '../deployment/target.js';
import { ItemBroken } from '../registry/errors.js';

let cached: Target | undefined;

/**
 * The target of this run, for a test worker: the file the runner wrote (CHECKLIST_TARGET_FILE), or
 * an existing deployment's env file named by CHECKLIST_ENV_FILE when a runner is started by hand.
 */
export function currentTarget(env: NodeJS.ProcessEnv = process.env): Target {
  if (cached) return cached;
  const file = env[TARGET_FILE_ENV];
  const envFile = env.CHECKLIST_ENV_FILE;
  if (file) cached = readTargetFile(file);
  else if (envFile) cached = loadExternalTarget(envFile, env.CHECKLIST_PROFILE ? { CHECKLIST_PROFILE: env.CHECKLIST_PROFILE } : {});
  else throw new ItemBroken(`no target: run through \`npm run checklist\`, or set CHECKLIST_ENV_FILE=.env (an existing deployment) or ${TARGET_FILE_ENV}`);
  return cached;
}
