import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCapacityDocs, readCapacityDoc } from './capacity-doc.js';

const doc = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'capacity-'));
  writeFileSync(join(dir, 'CAPACITY.md'), text);
  return readCapacityDoc(dir, join(dir, 'CAPACITY.md')).stated;
};

describe('the capacity plan states its numbers', () => {
  it('finds all four in the reference document', () => {
    expect(findCapacityDocs(resolve('.'))).toEqual([resolve('docs/capacity-planning.md')]);
    const stated = readCapacityDoc(resolve('.'), resolve('docs/capacity-planning.md')).stated;
    expect(Object.entries(stated).filter(([, line]) => !line)).toEqual([]);
  });

  it('recognises other wordings', () => {
    const stated = doc('- Peak: 2.5k rps\n- RAM: 2 GB per node\n- The TSDB grows 5 GB per month\n- Retention of 30 days\n');
    expect(Object.values(stated).every(Boolean)).toBe(true);
  });

  it('does not take words without numbers, or a service name, for a statement', () => {
    const stated = doc('Memory is fine. Retention is long. Requests per second are modest.\n| mcp-memory-server | 16 KB per scrape |\nDisk has room.');
    expect(stated).toEqual({ 'requests/s': null, memory: null, 'disk growth': null, retention: null });
  });
});
