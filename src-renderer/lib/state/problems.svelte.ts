/** Errors and warnings shown to the person, as a dismissible list (never a blank screen). */
import type { AppError } from '../../../src-shared/result';

export interface Problem extends AppError {
  readonly id: number;
  readonly severity: 'error' | 'warning';
}

/** Where an error happened, in words: "diabetes.csv, line 3, column 2". */
export function describeWhere(e: AppError): string {
  const parts: string[] = [];
  if (e.file) parts.push(e.file);
  if (e.line !== undefined) parts.push(`line ${e.line}`);
  if (e.column !== undefined) parts.push(`column ${e.column}`);
  if (e.path) parts.push(e.path);
  return parts.join(', ');
}

export class ProblemsState {
  list = $state.raw<Problem[]>([]);
  #nextId = 1;

  /** Adds an error (or warning) for the person to read and dismiss. */
  report(error: AppError, severity: Problem['severity'] = 'error'): void {
    this.list = [...this.list, { ...error, id: this.#nextId++, severity }];
  }

  /** Reports anything thrown (a bug, not a Result) as a readable error. */
  reportThrown(thrown: unknown, kind = 'app/unexpected'): void {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    this.report({ kind, message: message || 'Something went wrong.' });
  }

  dismiss(id: number): void {
    this.list = this.list.filter((p) => p.id !== id);
  }

  clear(): void {
    this.list = [];
  }
}
