import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasItem } from '../registry/registry.js';
import { FaultDefinitionError, listFaults, loadFault, materializeMonitoring, materializeTarget } from './faults.js';

function tree(): { faults: string; monitoring: string; work: string } {
  const root = mkdtempSync(join(tmpdir(), 'faults-'));
  const monitoring = join(root, 'monitoring');
  mkdirSync(join(monitoring, 'grafana'), { recursive: true });
  writeFileSync(join(monitoring, 'prometheus.yml'), 'global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n');
  writeFileSync(join(monitoring, 'grafana', 'x.json'), '{}');
  return { faults: join(root, 'faults'), monitoring, work: join(root, 'work') };
}

describe('fault definitions', () => {
  it('loads the catalogue of this project', () => {
    const faults = listFaults();
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) expect(hasItem(f.item), `${f.name} names ${f.item}`).toBe(true);
  });

  it('names the known faults when one does not exist, and every problem of a bad one', () => {
    const t = tree();
    mkdirSync(join(t.faults, 'good'), { recursive: true });
    writeFileSync(join(t.faults, 'good', 'fault.yaml'), 'item: VER-1\ndescription: a fault for this test\nexpect: x\n');
    expect(() => loadFault('nope', t.faults)).toThrow(
      new FaultDefinitionError(`--fault nope: no ${join(t.faults, 'nope', 'fault.yaml')} (known faults: good)`),
    );
    mkdirSync(join(t.faults, 'bad'));
    writeFileSync(join(t.faults, 'bad', 'fault.yaml'), 'item: nope\ndescription: short\nsurprise: 1\n');
    expect(() => loadFault('bad', t.faults)).toThrow(
      /item: an item id such as VER-1[\s\S]*description: say what the fault breaks[\s\S]*expect:[\s\S]*Unrecognized key/,
    );
  });
});

describe('materializeMonitoring', () => {
  it('applies overlay, removals and YAML edits to a copy, never to the original', () => {
    const t = tree();
    const dir = join(t.faults, 'f');
    mkdirSync(join(dir, 'monitoring'), { recursive: true });
    writeFileSync(join(dir, 'monitoring', 'extra.yml'), 'x: 1\n');
    writeFileSync(
      join(dir, 'fault.yaml'),
      'item: DEP-2.4\ndescription: edits for this test\nexpect: x\nremove: [grafana/x.json]\nedits:\n  - { file: prometheus.yml, set: global.scrape_interval, value: 5 seconds }\n  - { file: prometheus.yml, append: scrape_configs, value: { job_name: b } }\n',
    );
    const out = materializeMonitoring(t.monitoring, loadFault('f', t.faults), t.work);
    const config = parse(readFileSync(join(out, 'prometheus.yml'), 'utf8')) as { global: { scrape_interval: string }; scrape_configs: { job_name: string }[] };
    expect(config.global.scrape_interval).toBe('5 seconds');
    expect(config.scrape_configs.map((c) => c.job_name)).toEqual(['a', 'b']);
    expect(existsSync(join(out, 'grafana', 'x.json'))).toBe(false);
    expect(existsSync(join(out, 'extra.yml'))).toBe(true);
    expect(readFileSync(join(t.monitoring, 'prometheus.yml'), 'utf8')).toContain('scrape_interval: 5s');
    expect(existsSync(join(t.monitoring, 'grafana', 'x.json'))).toBe(true);
  });

  it('says which edit does not fit the tree', () => {
    const t = tree();
    mkdirSync(join(t.faults, 'g'), { recursive: true });
    writeFileSync(
      join(t.faults, 'g', 'fault.yaml'),
      'item: DEP-2.4\ndescription: a bad edit for this test\nexpect: x\nedits:\n  - { file: prometheus.yml, append: rule_files, value: x }\n',
    );
    expect(() => materializeMonitoring(t.monitoring, loadFault('g', t.faults), t.work)).toThrow('fault edit: prometheus.yml has no list at rule_files');
  });
});

describe('materializeTarget', () => {
  it('deploys the tree before its treeEdits and checks the edited copy (a configuration that drifted)', () => {
    const t = tree();
    mkdirSync(join(t.faults, 'drift'), { recursive: true });
    writeFileSync(
      join(t.faults, 'drift', 'fault.yaml'),
      'item: DEP-2.4\ndescription: the tree drifts from what runs\nexpect: x\ntreeEdits:\n  - { file: prometheus.yml, set: global.scrape_interval, value: 30s }\n',
    );
    const fault = loadFault('drift', t.faults);
    const { monitoringDir, deployedDir } = materializeTarget(join(t.monitoring, '..'), fault, t.work);
    expect(deployedDir).toBe(t.monitoring);
    expect(parse(readFileSync(join(deployedDir, 'prometheus.yml'), 'utf8'))).toMatchObject({ global: { scrape_interval: '5s' } });
    expect(parse(readFileSync(join(monitoringDir, 'prometheus.yml'), 'utf8'))).toMatchObject({ global: { scrape_interval: '30s' } });
  });
});
