import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { globSync } from 'tinyglobby';
import type { Finding } from '../../registry/errors.js';
import type { QueryRef } from './metrics.js';

/** The dashboards of a tree: every .json file under the directory, sorted. */
export function dashboardFiles(dir: string): string[] {
  return globSync('**/*.json', { cwd: dir, absolute: true }).sort();
}

interface Panel {
  title?: unknown;
  id?: unknown;
  datasource?: unknown;
  targets?: { expr?: unknown; datasource?: unknown; refId?: unknown }[];
  panels?: Panel[];
}

export interface DashboardCheck {
  file: string;
  uid?: string;
  title?: string;
  /** What is wrong with its structure (not JSON, no uid, no title). */
  findings: Finding[];
  /** Its Prometheus panel queries. */
  queries: QueryRef[];
  panels: number;
}

/** A query runs on Prometheus unless its data source says another type (or is Grafana's own). */
function isPrometheus(datasource: unknown): boolean {
  if (datasource === null || datasource === undefined) return true;
  if (typeof datasource === 'string') return !/^-- (Grafana|Mixed|Dashboard) --$/.test(datasource);
  const type = (datasource as { type?: unknown }).type;
  return type === undefined || type === 'prometheus' || (typeof type === 'string' && type.startsWith('$'));
}

/** Every panel of a dashboard: nested rows (`panels` in row panels) and the old schema's `rows[].panels`. */
function panelsOf(model: { panels?: Panel[]; rows?: { panels?: Panel[] }[] }): Panel[] {
  const flat = (list: Panel[] | undefined): Panel[] => (Array.isArray(list) ? list.flatMap((p) => [p, ...flat(p.panels)]) : []);
  return [...flat(model.panels), ...(Array.isArray(model.rows) ? model.rows.flatMap((r) => flat(r.panels)) : [])];
}

const UID = /^[A-Za-z0-9_-]{1,40}$/;

/** Structure of one dashboard file (valid JSON, uid, title) and its Prometheus panel queries. */
export function checkDashboard(file: string, text: string = readFileSync(file, 'utf8'), shownAs: string = file): DashboardCheck {
  const hint = 'export the dashboard again from Grafana (Share > Export, "Export for sharing externally" off) and commit it';
  let model: unknown;
  try {
    model = JSON.parse(text);
  } catch (error) {
    return {
      file,
      findings: [{ expected: 'a dashboard in valid JSON', found: `not JSON: ${error instanceof Error ? error.message : String(error)}`, where: shownAs, hint }],
      queries: [],
      panels: 0,
    };
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) {
    return {
      file,
      findings: [{ expected: 'a dashboard JSON object', found: `a JSON ${Array.isArray(model) ? 'array' : typeof model}`, where: shownAs, hint }],
      queries: [],
      panels: 0,
    };
  }
  const m = model as { uid?: unknown; title?: unknown; panels?: Panel[]; rows?: { panels?: Panel[] }[]; dashboard?: unknown };
  const findings: Finding[] = [];
  const wrapped =
    m.dashboard && typeof m.dashboard === 'object'
      ? ' (this file wraps the model in {"dashboard": ...}, the API\'s format; provisioning wants the model itself)'
      : '';
  if (typeof m.uid !== 'string' || !UID.test(m.uid)) {
    findings.push({
      expected: 'a dashboard uid (1-40 letters, digits, - or _), so that links and alerts survive a re-import',
      found: m.uid === undefined ? `no uid${wrapped}` : `uid ${JSON.stringify(m.uid)}`,
      where: shownAs,
      hint: 'set "uid" at the top level of the dashboard JSON to a stable value and commit it',
    });
  }
  if (typeof m.title !== 'string' || !m.title.trim()) {
    findings.push({
      expected: 'a dashboard title',
      found: m.title === undefined ? `no title${wrapped}` : `title ${JSON.stringify(m.title)}`,
      where: shownAs,
      hint: 'set "title" at the top level of the dashboard JSON',
    });
  }
  const panels = panelsOf(m);
  const queries = panels.flatMap((p) =>
    (Array.isArray(p.targets) ? p.targets : [])
      .filter((t) => typeof t.expr === 'string' && t.expr.trim() && isPrometheus(t.datasource ?? p.datasource))
      .map((t) => ({ where: `${shownAs}, panel "${String(p.title ?? p.id ?? '?')}" query ${String(t.refId ?? '?')}`, expr: String(t.expr) })),
  );
  return {
    file,
    uid: typeof m.uid === 'string' ? m.uid : undefined,
    title: typeof m.title === 'string' ? m.title : undefined,
    findings,
    queries,
    panels: panels.length,
  };
}

/** Dashboards sharing one uid: Grafana keeps only one of them. */
export function duplicateUidFindings(checks: readonly DashboardCheck[], shown: (file: string) => string): Finding[] {
  const byUid = new Map<string, string[]>();
  for (const c of checks) if (c.uid) byUid.set(c.uid, [...(byUid.get(c.uid) ?? []), shown(c.file)]);
  return [...byUid]
    .filter(([, files]) => files.length > 1)
    .map(([uid, files]) => ({
      expected: 'one dashboard per uid',
      found: `uid ${uid} in ${files.join(' and ')}`,
      where: files[0]!,
      hint: 'give each dashboard its own uid',
    }));
}

const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });

/** Files under `dir` that git does not have as committed: untracked, ignored, added but not committed, or modified against HEAD. */
export function versionControlFindings(dir: string, files: readonly string[]): Finding[] {
  let top: string;
  try {
    top = git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    return [
      { expected: 'the dashboards in a git repository', found: 'no git repository', where: dir, hint: "commit monitoring/ in the deployment's repository" },
    ];
  }
  const status = git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--', '.']).split('\0').filter(Boolean);
  const states = new Map(status.filter((l) => l.length > 3).map((l) => [`${top}/${l.slice(3)}`, l.slice(0, 2)]));
  const words: Record<string, string> = {
    '??': 'untracked',
    '!!': 'ignored by .gitignore, so not tracked',
    A: 'added but not committed',
    M: 'modified against HEAD',
    D: 'deleted in the index',
    R: 'renamed, not committed',
  };
  return files.flatMap((file) => {
    const code = states.get(file);
    if (!code) return [];
    const what = words[code] ?? words[code.trim()[0] ?? ''] ?? `git status ${code}`;
    const rel = relative(top, file);
    return [
      {
        expected: 'the dashboard committed as deployed (tracked by git, not modified against HEAD)',
        found: `${rel} is ${what}`,
        where: `${top} (git status -- ${rel})`,
        hint:
          code === '??' || code === '!!'
            ? `git add ${rel} && git commit`
            : `commit the change (git commit ${rel}) or restore the committed version (git restore ${rel})`,
      },
    ];
  });
}
