// What machine a benchmark ran on: CPU (from /proc/cpuinfo where it exists), cores, memory, Node, load.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The CPU's model name, family/model numbers and the SIMD flags that matter for float64 kernels, from /proc/cpuinfo text. */
export function parseCpuinfo(text) {
  const field = (name) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  return {
    model: field('model name') ?? null,
    family: field('cpu family') === undefined ? null : Number(field('cpu family')),
    modelNumber: field('model') === undefined ? null : Number(field('model')),
    simd: ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.has(f)),
  };
}

/** The machine as the bench report shows it; `load` is the 1-minute load average now. */
export function machineInfo(now = new Date()) {
  let cpu = { model: cpus()[0]?.model ?? null, family: null, modelNumber: null, simd: [] };
  try {
    cpu = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // not Linux: os.cpus() is all there is
  }
  return {
    cpu,
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: now.toISOString(),
    load: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** One line: `AMD EPYC (family 26 model 2; avx2 fma avx512f), 2 cores, 23.4 GiB, Node v20.20.0, linux x64`. */
export function machineLine(m) {
  const id = m.cpu.family === null ? '' : `family ${m.cpu.family} model ${m.cpu.modelNumber}; `;
  return `${m.cpu.model ?? 'unknown CPU'} (${id}${m.cpu.simd.join(' ') || 'no SIMD flags read'}), ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;
}
