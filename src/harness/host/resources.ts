import { availableParallelism, totalmem } from 'node:os';
import { statfs } from 'node:fs/promises';
import { ItemBroken, type Finding } from '../../registry/errors.js';
import type { HostSettings } from '../../deployment/infra-settings.js';

export interface HostResources {
  cpuCores: number;
  memoryGb: number;
  diskPath: string;
  diskFreeGb: number;
  diskTotalGb: number;
}

const GB = 1024 ** 3;
const round = (n: number) => Math.round(n * 10) / 10;

/** CPU cores this process may use, physical memory, and the free space of the filesystem holding `diskPath`. */
export async function measureHost(diskPath: string): Promise<HostResources> {
  const fs = await statfs(diskPath).catch((error: NodeJS.ErrnoException) => {
    throw new ItemBroken(`cannot measure the free disk of ${diskPath} (DISK_PATH): ${error.code ?? error.message}`);
  });
  return {
    cpuCores: availableParallelism(),
    memoryGb: round(totalmem() / GB),
    diskPath,
    diskFreeGb: round((fs.bavail * fs.bsize) / GB),
    diskTotalGb: round((fs.blocks * fs.bsize) / GB),
  };
}

/** One finding per resource below its minimum. */
export function resourceFindings(m: HostResources, s: HostSettings): Finding[] {
  const where = 'this host (the machine the checklist runs on)';
  const findings: Finding[] = [];
  if (m.cpuCores < s.minCpuCores)
    findings.push({
      expected: `at least ${s.minCpuCores} CPU cores (MIN_CPU_CORES)`,
      found: `${m.cpuCores}`,
      where,
      hint: 'give the host more cores, or lower MIN_CPU_CORES if capacity planning allows it',
    });
  if (m.memoryGb < s.minMemoryGb)
    findings.push({ expected: `at least ${s.minMemoryGb} GB of memory (MIN_MEMORY_GB)`, found: `${m.memoryGb} GB`, where, hint: 'give the host more memory' });
  if (m.diskFreeGb < s.minDiskGb)
    findings.push({
      expected: `at least ${s.minDiskGb} GB free disk on ${m.diskPath} (MIN_DISK_GB)`,
      found: `${m.diskFreeGb} GB free of ${m.diskTotalGb} GB`,
      where: `${where}, filesystem of ${m.diskPath}`,
      hint: 'free space or grow the volume (Prometheus retention needs it)',
    });
  return findings;
}
