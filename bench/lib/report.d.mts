import type { MachineInfo } from './machine.mjs';

export type Target = { atLeast: number } | { atMost: number } | { vsAnchor: number; text?: string };
export interface RowInput {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  target?: Target | null;
  runs?: readonly number[];
  anchor?: { name: string; runs: readonly number[]; detail?: unknown } | null;
  anchorSkipped?: string | null;
  note?: string | null;
}
export interface ResultRow {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  target: Target | null;
  measured: number | null;
  runs: readonly number[];
  anchor: { name: string; value: number | null; runs: readonly number[]; detail: unknown } | null;
  anchorSkipped: string | null;
  ratio: number | null;
  pass: boolean | null;
  note: string | null;
}
export interface Report {
  machine: MachineInfo;
  loadBefore: number;
  runs: number;
  heavyRuns: number;
  quick: boolean;
  seconds: number;
  rows: ResultRow[];
  anchors: { ran: unknown[]; skipped: { name: string; reason: string }[] };
  notes: string[];
}
export function resultRow(input: RowInput): ResultRow;
export function formatNumber(x: number | null): string;
export function rangeText(runs: readonly number[]): string;
export function targetText(row: ResultRow): string;
export function pipeTable(header: readonly string[], rows: readonly (readonly string[])[]): string;
export function formatReport(report: Report): string;
