export interface CpuInfo { model: string | null; family: number | null; modelNumber: number | null; simd: string[] }
export interface MachineInfo { cpu: CpuInfo; cores: number; memoryGiB: number; node: string; platform: string; date: string; load: number }
export function parseCpuinfo(text: string): CpuInfo;
export function machineInfo(now?: Date): MachineInfo;
export function machineLine(m: MachineInfo): string;
