/**
 * What the toolbar, menus, shortcuts and drag-and-drop do: open a dataset (dialog, path, upload, sample),
 * open/save a model, load an example or pasted weights, predict and export. Each long step is a job in the
 * status bar with progress and Cancel; each failure becomes a readable problem, never an exception.
 */
import { FOREIGN_MODEL_FILE, openForeignModelFile } from './model-formats';
import type { CourseExample, DatasetSummary, ModelFile, PredictJobOptions, Task } from '../../../src-shared/api';
import { MAX_ROWS_PER_CALL } from '../../../src-shared/api/contract';
import { classCodes, MAX_INFERRED_CLASSES } from '../../../src-shared/jobs/infer-task';
import { readModelFile } from '../../../src-shared/model-file/read';
import { specColumn } from '../../../src-shared/model-file/types';
import { writeModelFile } from '../../../src-shared/model-file/write';
import type { AppError, Result } from '../../../src-shared/result';
import { carryChoices, rememberChoices, type RememberedChoices } from '../data/header-reading';
import { canBeInput } from './dataset.svelte';
import { exampleCsv, exampleFileName } from './example-dataset';
import { reportEmptyTargets } from './empty-targets';
import { columnsForModel, describeModelColumns } from './model-columns';
import { trainedSplitFor } from './trained-split';
import type { Workspace } from './workspace.svelte';

/** The person pressed Cancel: not an error to show (the loader says 'cancelled', jobs 'job/cancelled'). */
function isCancelled(error: AppError): boolean {
  return error.kind === 'cancelled' || error.kind.endsWith('/cancelled');
}

/** Runs a call that reports progress under `jobId` as a status-bar job; cancel asks main to stop it. */
export async function tracked<T>(ws: Workspace, label: string, jobId: string, call: () => Promise<Result<T>>): Promise<Result<T>> {
  const key = ws.jobs.start(label, () => void ws.api.cancel({ jobId }));
  const stop = ws.onEvent((e) => {
    if (e.type === 'job-progress' && e.jobId === jobId) ws.jobs.update(key, e.progress);
  });
  try {
    return await call();
  } finally {
    stop();
    ws.jobs.finish(key);
  }
}

/** Where the open dataset came from, so it can be read again (with the person's answer about its first row). */
type DatasetSource = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'sample'; readonly name: string } | { readonly kind: 'upload'; readonly file: File };
interface KeptSource {
  readonly source: DatasetSource;
  /** Column choices made on earlier readings of the same file. */
  readonly remembered: RememberedChoices | null;
}

/** The source of the dataset shown now, by its id (one entry: only the open dataset is read again). */
const keptSources = (ws: Workspace): Map<string, KeptSource> => ws.keep('dataset-sources', () => new Map<string, KeptSource>());

/** Shows a loaded dataset (its load warnings are listed above the table), or reports why it did not load. */
function show(ws: Workspace, file: string, result: Result<DatasetSummary>, suggestedTarget: string | null = null, source?: KeptSource): void {
  if (!result.ok) {
    if (!isCancelled(result.error)) ws.problems.report({ ...result.error, file: result.error.file ?? file });
    return;
  }
  const summary = result.value;
  keptSources(ws).clear();
  if (source) keptSources(ws).set(summary.id, source);
  // A loaded model whose columns this file has stays, with its own fitted scaling, and its output becomes
  // the target (open a model, then the data to predict); any other model gives way to the dataset's inputs.
  const pinned = ws.network.pinned;
  const has = (name: string) => summary.columns.some((c) => c.name === name);
  const modelFits = pinned !== null && has(pinned.output.name) && pinned.inputs.every((i) => has(specColumn(i)));
  const sampleTarget = ws.samples.find((s) => s.name === summary.name)?.target ?? null;
  const why = modelFits ? 'the loaded model’s output' : suggestedTarget && suggestedTarget !== sampleTarget ? 'as you chose before' : 'suggested: the sample’s target';
  ws.dataset.show(summary, modelFits ? pinned.output.name : (suggestedTarget ?? sampleTarget), why);
  if (modelFits) applyModelColumns(ws, pinned);
  ws.prediction = null;
  if (!modelFits) ws.network.unpin();
  ws.tab = 'data';
  void chooseTarget(ws, ws.dataset.target?.name ?? null);
}

/** Rows of a numeric target read to find its class codes: the whole column of files up to this size. */
export const TASK_SCAN_ROWS = 50_000;

/**
 * Makes `name` the target and infers its task with the engine's rule (src-shared/jobs/infer-task): a numeric
 * target's values are read (up to TASK_SCAN_ROWS rows) to see whether they are class codes such as 0/1.
 * The output layer follows the task once it is known.
 */
export async function chooseTarget(ws: Workspace, name: string | null): Promise<void> {
  const d = ws.dataset;
  d.setTarget(name);
  const summary = d.summary;
  const target = d.target;
  if (summary) void reportEmptyTargets(ws, summary, target);
  if (!summary || !target || target.type !== 'numeric') {
    d.codes = null;
    return ws.network.fitOutput(d.task, d.classes.length);
  }
  const col = summary.columns.indexOf(target);
  const wholeRange = Number.isInteger(target.min) && Number.isInteger(target.max);
  const rows = Math.min(summary.rows, TASK_SCAN_ROWS);
  d.codes = { target: target.name, codes: null, scanned: 0, pending: wholeRange };
  ws.network.fitOutput(d.task, d.classes.length);
  if (!wholeRange) return;
  const values: (number | null)[] = [];
  const distinct = new Set<number>();
  for (let start = 0; start < rows; start += MAX_ROWS_PER_CALL) {
    // the target's column alone: on a 785-column file the whole rows were 785 times the cells
    const page = await ws.api.getRows({ datasetId: summary.id, start, count: Math.min(MAX_ROWS_PER_CALL, rows - start), columns: [col] });
    if (d.summary !== summary || d.target?.name !== target.name) return; // another file or target meanwhile
    if (!page.ok) {
      d.codes = { target: target.name, codes: null, scanned: values.length, pending: false };
      return ws.problems.report(page.error, 'warning');
    }
    let hopeless = false;
    for (const cells of page.value.rows) {
      const v = typeof cells[0] === 'number' ? cells[0] : null;
      values.push(v);
      if (v === null) continue;
      distinct.add(v);
      hopeless ||= !Number.isInteger(v) || distinct.size > MAX_INFERRED_CLASSES;
    }
    if (hopeless) break; // a fraction or too many distinct values: not class codes, whatever follows
  }
  d.codes = { target: target.name, codes: classCodes(values.length, (k) => values[k]), scanned: values.length, pending: false };
  ws.network.fitOutput(d.task, d.classes.length);
}

/** The person chose a task instead of the inferred one (null: back to the inferred task). */
export function chooseTask(ws: Workspace, task: Task | null): void {
  ws.dataset.taskOverride = task;
  ws.network.fitOutput(ws.dataset.task, ws.dataset.classes.length);
}

/** Opens a dataset by its path on the machine running main. */
export async function openDatasetPath(ws: Workspace, path: string): Promise<void> {
  const jobId = ws.newJobId('load');
  const name = path.split(/[\\/]/).pop() ?? path;
  show(ws, name, await tracked(ws, `Loading ${name}`, jobId, () => ws.api.openDataset({ path, jobId })), null, { source: { kind: 'path', path }, remembered: null });
}

/** Opens a dataset from a File (picked or dropped): by its real path in Electron, else uploaded as bytes. */
export async function openDatasetFile(ws: Workspace, file: File): Promise<void> {
  const path = ws.api.pathForFile?.(file) ?? null;
  if (path) return openDatasetPath(ws, path);
  const jobId = ws.newJobId('upload');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const source: KeptSource = { source: { kind: 'upload', file }, remembered: null };
  show(ws, file.name, await tracked(ws, `Loading ${file.name}`, jobId, () => ws.api.uploadDataset({ name: file.name, bytes, jobId })), null, source);
}

export async function openSample(ws: Workspace, name: string): Promise<void> {
  const jobId = ws.newJobId('sample');
  const target = ws.samples.find((s) => s.name === name)?.target ?? null;
  show(ws, name, await tracked(ws, `Loading ${name}`, jobId, () => ws.api.openSample({ name, jobId })), target, { source: { kind: 'sample', name }, remembered: null });
}

/**
 * Reads the open dataset again with the person's answer to "is the first row a header?" (true: column names,
 * false: data): by its path, as the same sample, or by reading the picked file again. The column roles,
 * categorical handling, target and task chosen on any reading of the file come back for columns of the same
 * name; the missing-value policy stays. The old reading stays shown if the new one fails.
 */
export async function readFirstRowAs(ws: Workspace, header: boolean): Promise<void> {
  const old = ws.dataset.summary;
  if (!old || old.header === header) return;
  const kept = keptSources(ws).get(old.id);
  if (!kept) {
    return ws.problems.report({ kind: 'dataset/no-source', message: `Dense Lab cannot read ${old.name} again from here. Open the file again to choose how to read its first row.`, file: old.name });
  }
  const d = ws.dataset;
  const remembered = rememberChoices(kept.remembered, { roles: d.roles, categorical: d.categorical, target: d.target?.name ?? null, taskOverride: d.taskOverride });
  const jobId = ws.newJobId('reread');
  const source = kept.source;
  let call: () => Promise<Result<DatasetSummary>>;
  if (source.kind === 'upload') {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await source.file.arrayBuffer());
    } catch {
      const message = `Dense Lab could not read ${source.file.name} again: it was changed, moved or deleted since it was opened. Open the file again (Open… or drop it here), then choose how to read its first row.`;
      return ws.problems.report({ kind: 'io/unreadable', message, file: source.file.name });
    }
    call = () => ws.api.uploadDataset({ name: source.file.name, bytes, jobId, header });
  } else if (source.kind === 'path') call = () => ws.api.openDataset({ path: source.path, jobId, header });
  else call = () => ws.api.openSample({ name: source.name, jobId, header });
  const result = await tracked(ws, `Reading ${old.name} again`, jobId, call);
  if (ws.dataset.summary !== old) {
    // Another file was opened meanwhile: it stays; this reading is not needed.
    if (result.ok) void ws.api.closeDataset({ datasetId: result.value.id });
    return;
  }
  if (!result.ok) return show(ws, old.name, result);
  const carried = carryChoices(remembered, result.value.columns, canBeInput);
  show(ws, old.name, result, carried.target, { source, remembered });
  for (const [name, role] of Object.entries(carried.roles)) {
    if (d.roles[name] !== 'target') d.roles[name] = role;
  }
  for (const [name, handling] of Object.entries(carried.categorical)) d.categorical[name] = handling;
  if (carried.task && d.target?.name === carried.target) chooseTask(ws, carried.task);
  // The old reading of the same file is no longer shown: free its rows in main.
  void ws.api.closeDataset({ datasetId: old.id });
}

/** Ctrl/Cmd+O: the native dialog in Electron, the file picker in a browser. */
export async function openDatasetInteractive(ws: Workspace): Promise<void> {
  if (ws.api.mode === 'browser') return ws.pickDatasetFile?.();
  const choice = await ws.api.showOpenDialog({ purpose: 'dataset' });
  if (!choice.ok) return ws.problems.report(choice.error);
  if (choice.value.path) await openDatasetPath(ws, choice.value.path);
}

/** A file given by name (a drop, a menu, the command line): models by extension, everything else as data. */
export async function openAnyFile(ws: Workspace, file: File): Promise<void> {
  if (/\.(dlmodel\.)?json$/i.test(file.name)) return openModelFile(ws, file);
  if (FOREIGN_MODEL_FILE.test(file.name)) return openForeignModelFile(ws, file);
  return openDatasetFile(ws, file);
}

// ---------------------------------------------------------------------------------------------- models

/**
 * A model names its inputs and target: in the open dataset they become the inputs and the target, every
 * other column is ignored (a 784-input model on a file with 785 columns: 784 inputs, target label). Inputs
 * the dataset lacks are reported in one sentence. Answers whether the choices changed.
 */
function applyModelColumns(ws: Workspace, model: Pick<ModelFile, 'inputs' | 'output'>): boolean {
  const summary = ws.dataset.summary;
  if (!summary) return false;
  const match = columnsForModel(summary.columns, model);
  if (!match || match.missing.length > 0) {
    const message = describeModelColumns(match, model.inputs.length, model.output.name, summary.name);
    ws.problems.report({ kind: 'model/missing-inputs', message, file: summary.name }, 'warning');
  }
  if (!match) return false;
  ws.dataset.roles = match.roles;
  ws.dataset.categorical = { ...ws.dataset.categorical, ...match.categorical };
  return true;
}

/** A model was opened: it replaces the network, and selects its inputs and target in the open dataset. */
function showModel(ws: Workspace, model: ModelFile, name: string): void {
  ws.network.load(model, name);
  if (applyModelColumns(ws, model)) void chooseTarget(ws, ws.dataset.target?.name ?? null);
  ws.tab = 'network';
}

export async function openModelInteractive(ws: Workspace): Promise<void> {
  if (ws.api.mode === 'browser') return ws.pickModelFile?.();
  const choice = await ws.api.showOpenDialog({ purpose: 'model' });
  if (!choice.ok) return ws.problems.report(choice.error);
  if (choice.value.path) await openModelPath(ws, choice.value.path);
}

/** Reads a model file by its path on the machine running main (validated there, errors name the field). */
export async function openModelPath(ws: Workspace, path: string): Promise<void> {
  const doc = await ws.api.readModel({ path });
  if (!doc.ok) return ws.problems.report(doc.error);
  showModel(ws, doc.value.model, doc.value.name);
  ws.network.imported = doc.value.imported ?? null;
}

/** Reads a model file picked or dropped in the browser; problems name the bad field by its JSON path. */
export async function openModelFile(ws: Workspace, file: File): Promise<void> {
  const result = readModelFile(await file.text());
  if (!result.ok) return ws.problems.report({ ...result.error, file: file.name });
  showModel(ws, result.value, file.name);
}

function modelFileName(ws: Workspace): string {
  const base = (ws.network.name ?? ws.dataset.summary?.name ?? 'model').replace(/(\.dlmodel)?\.(json|csv)$/i, '');
  return `${base}.dlmodel.json`;
}

export async function saveModel(ws: Workspace): Promise<void> {
  const model = ws.network.model;
  if (!model) return ws.problems.report({ kind: 'model/incomplete', message: ws.network.problem ?? 'There is no network to save yet.' });
  if (ws.api.mode === 'browser') return download(ws, modelFileName(ws), writeModelFile(model), 'application/json');
  const choice = await ws.api.showSaveDialog({ purpose: 'model', defaultName: modelFileName(ws) });
  if (!choice.ok) return ws.problems.report(choice.error);
  if (!choice.value.path) return;
  const saved = await ws.api.saveModel({ path: choice.value.path, model });
  if (!saved.ok) return ws.problems.report(saved.error);
  ws.written = { message: `Saved the model as ${saved.value.path}`, path: saved.value.path };
}

/**
 * Loads a course example: its network (Network and Diagram tabs at once), then its rows as a small dataset
 * of its own, with the course's output as the target, so Data, Predictions and Training show it too.
 */
export async function loadExample(ws: Workspace, example: CourseExample): Promise<void> {
  ws.network.load(example.model, `${example.id} — ${example.title}`, example.input);
  ws.network.exampleRows = example.rows ?? null;
  ws.tab = 'network';
  const name = exampleFileName(example);
  const file = new File([exampleCsv(example)], name, { type: 'text/csv' });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const jobId = ws.newJobId('example');
  const loaded = await tracked(ws, `Loading ${name}`, jobId, () => ws.api.uploadDataset({ name, bytes, jobId, header: true }));
  if (ws.network.name !== `${example.id} — ${example.title}`) return; // something else was opened meanwhile
  // The person may have gone to another tab while the rows loaded: they stay there.
  const tab = ws.tab;
  show(ws, name, loaded, example.model.output.name, { source: { kind: 'upload', file }, remembered: null });
  ws.tab = tab;
}

/** Parses the course's `weights = {...}` notation; answers the error (with line/column) for the dialog. */
export async function importWeights(ws: Workspace, text: string): Promise<Result<string[]>> {
  const imported = await ws.api.importWeights({ text });
  if (!imported.ok) return imported;
  ws.network.load(imported.value.model, 'Pasted weights', imported.value.input);
  ws.tab = 'network';
  return { ok: true, value: imported.value.notes };
}

// ------------------------------------------------------------------------------------------ predictions

/**
 * Runs the current model over every row of the open dataset as a job; resolves to its id when done.
 * `options`: extra work for the views (e.g. {baseline: true}: the linear baseline's fit and metrics).
 */
export async function predict(ws: Workspace, model: ModelFile, options?: PredictJobOptions): Promise<string | null> {
  const summary = ws.dataset.summary;
  if (!summary) return null;
  // a model this session trained on this dataset: main also reports its metrics per split (and the export's split column)
  const run = trainedSplitFor(ws, model, summary.id);
  const withSplit = 'jobId' in run && options?.split === undefined ? { ...options, split: run.jobId } : options;
  const started = await ws.api.predict({ datasetId: summary.id, model, ...(withSplit ? { options: withSplit } : {}) });
  if (!started.ok) return (ws.problems.report(started.error), null);
  const { jobId } = started.value;
  const key = ws.jobs.start(`Predicting ${summary.name}`, () => void ws.api.cancel({ jobId }));
  return new Promise((resolve) => {
    const stop = ws.onEvent((e) => {
      if (!('jobId' in e) || e.jobId !== jobId) return;
      if (e.type === 'job-progress') return ws.jobs.update(key, e.progress);
      if (e.type === 'job-done' || e.type === 'job-failed' || e.type === 'job-cancelled') {
        stop();
        ws.jobs.finish(key);
        if (e.type === 'job-failed') ws.problems.report(e.error);
        if (e.type !== 'job-done') return resolve(null);
        ws.prediction = { jobId, datasetId: summary.id, model };
        resolve(jobId);
      }
    });
  });
}

/** Ctrl/Cmd+E: predicts with the current model if needed, then writes the CSV (dialog) or downloads it. */
export async function exportPredictions(ws: Workspace): Promise<void> {
  const summary = ws.dataset.summary;
  const model = ws.network.model;
  if (!summary) return ws.problems.report({ kind: 'export/no-dataset', message: 'Open a dataset first: predictions are made for its rows.' });
  if (!model) return ws.problems.report({ kind: 'export/no-model', message: ws.network.problem ?? 'Build or open a model first.' });
  const fileName = `${summary.name.replace(/\.[^.]+$/, '')}-predictions.csv`;
  if (summary.partial) return exportStreamed(ws, summary, model, fileName);
  const reuse = ws.prediction && ws.prediction.datasetId === summary.id && ws.prediction.model === model;
  const jobId = reuse && ws.prediction ? ws.prediction.jobId : await predict(ws, model);
  if (!jobId) return;
  const columns = summary.columns.map((c) => c.name);
  if (ws.api.mode === 'browser') {
    const csv = await ws.api.predictionsCsv({ datasetId: summary.id, jobId, columns, keepFormulas: false });
    if (!csv.ok) return ws.problems.report(csv.error);
    return download(ws, fileName, csv.value.csv, 'text/csv');
  }
  const choice = await ws.api.showSaveDialog({ purpose: 'predictions', defaultName: fileName });
  if (!choice.ok) return ws.problems.report(choice.error);
  if (!choice.value.path) return;
  const written = await ws.api.exportPredictions({ datasetId: summary.id, jobId, path: choice.value.path, columns, keepFormulas: false });
  if (!written.ok) return ws.problems.report(written.error);
  ws.written = { message: `Exported the predictions as ${written.value.path}`, path: written.value.path };
}

/**
 * Export predictions for a file not loaded whole: main reads, predicts and writes it a batch at a time (the path of
 * `predict --stream`), as a status-bar job with progress in bytes of the file and Cancel (no file is left then).
 * Browser mode writes the file into the --write-dir folder (a download would hold all of it in the page); without
 * --write-dir main says how to start the app to allow it.
 */
async function exportStreamed(ws: Workspace, summary: DatasetSummary, model: ModelFile, fileName: string): Promise<void> {
  let path = fileName;
  if (ws.api.mode !== 'browser') {
    const choice = await ws.api.showSaveDialog({ purpose: 'predictions', defaultName: fileName });
    if (!choice.ok) return ws.problems.report(choice.error);
    if (!choice.value.path) return;
    path = choice.value.path;
  }
  const jobId = ws.newJobId('export');
  const columns = summary.columns.map((c) => c.name);
  const written = await tracked(ws, `Predicting every row of ${summary.name}`, jobId, () =>
    ws.api.streamPredictions({ datasetId: summary.id, model, path, columns, keepFormulas: false, jobId }),
  );
  if (!written.ok) return void (isCancelled(written.error) || ws.problems.report(written.error));
  ws.written = { message: `Exported the predictions as ${written.value.path}`, path: written.value.path };
}

/** Browser mode: hands text to the browser as a downloaded file, and says so (the browser chooses the folder). */
function download(ws: Workspace, name: string, text: string, type: string): void {
  ws.written = { message: `Downloaded as ${name}`, path: null };
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
