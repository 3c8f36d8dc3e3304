import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirsOf, inspectDataDir } from './data-dirs.js';
import { prepareReferenceHost } from '../../run/reference-host.js';
import { treeOnlyTarget } from '../../run/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'checklist-datadirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const me = userInfo();

describe('PRE-4.2 data directories', () => {
  it('passes a directory of mode 755 owned by the configured user (by name or uid)', async () => {
    const path = join(dir, 'ok');
    mkdirSync(path);
    chmodSync(path, 0o755);
    expect((await inspectDataDir({ path, from: 'DATA_DIRS', owner: me.username }, 0o755)).findings).toEqual([]);
    expect((await inspectDataDir({ path, from: 'DATA_DIRS', owner: String(me.uid) }, 0o755)).findings).toEqual([]);
  });

  it('names a wrong mode, a wrong or unknown owner, a missing directory, a file, and an owner nobody named', async () => {
    const path = join(dir, 'open');
    mkdirSync(path);
    chmodSync(path, 0o777);
    const wrong = await inspectDataDir({ path, from: 'DATA_DIRS', owner: 'no-such-user-here' }, 0o755);
    expect(wrong.findings.map((f) => `${f.expected} | ${f.found}`)).toEqual([
      `mode 755 (DATA_DIR_MODE) | mode 777`,
      `owner no-such-user-here | uid ${me.uid}; no user no-such-user-here on this host`,
    ]);
    expect((await inspectDataDir({ path: join(dir, 'absent'), from: 'x', owner: '0' }, 0o755)).findings[0]?.hint).toBe(
      `create it: install -d -m 755 -o 0 ${join(dir, 'absent')}`,
    );
    writeFileSync(join(dir, 'file'), '');
    expect((await inspectDataDir({ path: join(dir, 'file'), from: 'x', owner: '0' }, 0o755)).findings[0]?.found).toBe('a file');
    expect((await inspectDataDir({ path, from: 'x', owner: null }, 0o777)).findings[0]?.expected).toMatch(/an owner to check against/);
  });

  it('the reference host: the production compose files bind-mount /var/mcp-data (owner from `user:`), prepared under a temp dir with mode 755', async () => {
    const target = treeOnlyTarget({ monitoringDir: 'monitoring' });
    expect(dataDirsOf(target.host, target.images, target.repoDir)).toEqual([
      { path: '/var/mcp-data', from: expect.stringMatching(/docker-compose\.prod\.yml, service mcp-memory-server \(\/var\/mcp-data\)$/), owner: '1000' },
    ]);
    const settings = prepareReferenceHost('.', dir);
    expect(settings).toEqual({ DATA_DIRS: join(dir, 'host/var/mcp-data'), DATA_DIR_OWNER: me.username });
    const prepared = treeOnlyTarget({ monitoringDir: 'monitoring', settings });
    const [only] = dataDirsOf(prepared.host, prepared.images, prepared.repoDir);
    expect((await inspectDataDir(only!, prepared.host.dataDirMode)).findings).toEqual([]);
  });
});
