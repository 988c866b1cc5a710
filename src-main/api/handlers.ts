/**
 * One handler per API method, over a session, a host and the services. Handlers receive arguments that
 * dispatch has already validated, so they check only what needs state (does this dataset id exist?).
 * The table `satisfies` the contract: a method without a handler, or a handler without a method, does not compile.
 */
import { basename, resolve } from 'node:path';
import { API_ERRORS, MAX_UPLOAD_BYTES, type ApiArgs, type ApiMethodName, type ApiResult, type Cell, type DatasetSummary, type PredictionRow } from '../../src-shared/api';
import { readModelFile } from '../../src-shared/model-file/read';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { AnalysisRequest } from '../../src-shared/analysis/request';
import type { AnalysisAnswer } from '../../src-shared/api/contract';
import { writeModelFile } from '../../src-shared/model-file/write';
import { err, ok, type Result } from '../../src-shared/result';
import { writeWholeFileAtomically } from '../services/files/atomic-file';
import { exportModelDocument, importUploadedModel, readForeignModel } from '../services/model-formats/model-documents';
import { MAX_MODEL_BYTES, readWholeText } from '../services/files/read-whole-file';
import type { AppHost } from './host';
import { checkWritePath } from './write-policy';
import { createRunsHandlers, keepRun } from './runs-handlers';
import { displayCell, displayRows } from './rows';
import { listSamples, samplePath } from './samples';
import type { ApiServices, ExportRequest, LoadedData } from './services';
import type { OpenDataset, PredictionColumn, PredictionStore, Session } from './session';
import { countOf, plural } from '../../src-shared/text/numbers';

export type Handler<K extends ApiMethodName> = (args: ApiArgs<K>) => Promise<Result<ApiResult<K>>>;
export type ApiHandlers = { [K in ApiMethodName]: Handler<K> };

/** The loader's kind for a cancelled load, and the one kind the API answers for any cancelled work. */
const LOADER_CANCELLED = 'cancelled';
export const JOB_CANCELLED = 'job/cancelled';

const notAvailable = (what: string, hint = 'This part of Dense Lab is not built yet.'): Result<never> =>
  err({ kind: API_ERRORS.notAvailable, message: `${what} is not available here. ${hint}` });

const notFound = (what: string, path: string): Result<never> => err({ kind: API_ERRORS.notFound, message: what, path });

/** The loader's header option: present only when the person answered (absent, the loader detects the header). */
const headerOption = (header: boolean | undefined): { header?: boolean } => (header === undefined ? {} : { header });
const encodingOption = (encoding: string | undefined): { encoding?: string } => (encoding === undefined ? {} : { encoding });

/** The handlers of one session. */
export function createHandlers(session: Session, host: AppHost, services: ApiServices): ApiHandlers {
  const dataset = (id: string): Result<OpenDataset> => {
    const d = session.datasets.get(id);
    return d ? ok(d) : notFound(`No open dataset '${id}' (it was closed, or Dense Lab restarted).`, 'args.datasetId');
  };

  const summary = (d: OpenDataset): DatasetSummary => ({
    id: d.id,
    name: d.name,
    path: d.path,
    rows: d.data.rows,
    cols: d.data.cols,
    columns: d.data.columns,
    warnings: d.data.warnings,
    delimiter: d.data.delimiter,
    encoding: d.data.encoding,
    header: d.data.header,
    decimal: d.data.decimal,
    firstDataLine: d.data.firstDataLine,
    bytes: d.bytes,
    seconds: d.seconds,
    ...(d.partial ? { partial: true } : {}),
  });

  const register = (loaded: Result<LoadedData>, name: string, path: string | null, content: Uint8Array | null = null): Result<DatasetSummary> => {
    // One cancel kind at the API edge: the loader says 'cancelled', jobs say 'job/cancelled'.
    if (!loaded.ok) return loaded.error.kind === LOADER_CANCELLED ? err({ ...loaded.error, kind: JOB_CANCELLED }) : loaded;
    const { data, bytes, seconds, partial } = loaded.value;
    // A compressed file's CSV bytes, when it was one: exports copy cells from them, not from the archive.
    return ok(summary(session.addDataset({ name, path, data, bytes, seconds, content: loaded.value.content ?? content, ...(partial ? { partial } : {}) })));
  };

  /** `header`: the person's answer to "is the first row a header?" (undefined: the loader detects it). */
  const loadByPath = async (path: string, jobId: string | undefined, header: boolean | undefined, name = basename(path), encoding?: string): Promise<Result<DatasetSummary>> => {
    if (!services.loadDataset) return notAvailable('Opening a dataset');
    const load = session.beginLoad(jobId);
    try {
      const loaded = await services.loadDataset(path, { signal: load.signal, onProgress: load.progress, ...headerOption(header), ...encodingOption(encoding) });
      return register(loaded, name, path);
    } finally {
      load.end();
    }
  };

  /** One analysis in a worker, with progress events and cancel under the renderer's jobId. */
  const analysis = async <K extends AnalysisRequest['kind']>(
    args: { datasetId: string; model: ModelFile; baseline?: boolean; jobId?: string },
    request: Extract<AnalysisRequest, { kind: K }>,
  ): Promise<Result<AnalysisAnswer<K>>> => {
    const analyse = services.analyse;
    if (!analyse) return notAvailable('Analyses');
    const d = dataset(args.datasetId);
    if (!d.ok) return d;
    const run = session.beginLoad(args.jobId, 'analysis');
    try {
      const r = await analyse(d.value.data, args.model, args.baseline ?? false, request, { ...(run.signal ? { signal: run.signal } : {}), onProgress: run.progress });
      return r as Result<AnalysisAnswer<K>>;
    } finally {
      run.end();
    }
  };

  const finishedPredictions = (jobId: string): Result<PredictionStore> => {
    const status = session.jobStatus(jobId);
    if (!status) return notFound(`No job '${jobId}'.`, 'args.jobId');
    const store = session.predictions(jobId);
    if (status.kind !== 'predict' || status.state !== 'done' || !store) {
      return err({ kind: API_ERRORS.badState, message: `Job '${jobId}' is a ${status.kind} job that is ${status.state}; predictions come from a finished predict job.`, path: 'args.jobId' });
    }
    return ok(store);
  };

  /** Every name in `columns` is one of the dataset's columns (or the error naming the first that is not). */
  const knownColumns = (d: OpenDataset, columns: string[]): Result<void> => {
    const names = new Set(d.data.columns.map((c) => c.name));
    const bad = columns.findIndex((c) => !names.has(c));
    return bad >= 0 ? notFound(`The dataset has no column '${columns[bad]}'.`, `args.columns[${bad}]`) : ok(undefined);
  };

  /** Work that needs every row refuses a dataset of which only the first rows are loaded (DatasetSummary.partial). */
  const notWhole = (d: OpenDataset, what: string, path = 'args.datasetId'): Result<never> =>
    err({ kind: API_ERRORS.badState, message: `${what} needs every row of ${d.name}, which was not loaded whole (it is too big); its predictions export with streamPredictions.`, path });

  const exportRequest = (args: { datasetId: string; jobId: string; columns: string[]; keepFormulas: boolean }): Result<ExportRequest> => {
    const d = dataset(args.datasetId);
    if (!d.ok) return d;
    if (d.value.partial) return notWhole(d.value, 'This export');
    const p = finishedPredictions(args.jobId);
    if (!p.ok) return p;
    const known = knownColumns(d.value, args.columns);
    if (!known.ok) return known;
    return ok({ dataset: d.value, predictions: p.value, columns: args.columns, keepFormulas: args.keepFormulas });
  };

  const handlers = {
    async getAppInfo() {
      return ok({
        name: 'Dense Lab',
        version: host.version,
        mode: host.mode,
        platform: process.platform,
        samplesAvailable: listSamples(host.samplesDir).length > 0,
        maxUploadBytes: MAX_UPLOAD_BYTES,
      });
    },
    async getPreferences() {
      return ok(host.settings.getPreferences());
    },
    async setPreferences(args) {
      return ok(await host.settings.setPreferences(args));
    },
    async listRecent() {
      return ok(host.settings.listRecent());
    },
    async showOpenDialog(args) {
      if (!host.dialogs) return notAvailable('A native file dialog', 'In the browser, pick or drop a file instead.');
      return ok(await host.dialogs.showOpenDialog(args.purpose, args.title));
    },
    async showSaveDialog(args) {
      if (!host.dialogs) return notAvailable('A native file dialog', 'In the browser, the file is downloaded instead.');
      return ok(await host.dialogs.showSaveDialog(args.purpose, args.defaultName));
    },

    async openDataset(args) {
      const path = resolve(args.path);
      const r = await loadByPath(path, args.jobId, args.header, basename(path), args.encoding);
      if (r.ok) await host.settings.addRecent(path, 'dataset');
      return r;
    },
    async uploadDataset(args) {
      if (!services.loadDatasetFromBytes) return notAvailable('Uploading a dataset');
      const load = session.beginLoad(args.jobId);
      try {
        const loaded = await services.loadDatasetFromBytes(args.bytes, args.name, { signal: load.signal, onProgress: load.progress, ...headerOption(args.header), ...encodingOption(args.encoding) });
        return register(loaded, basename(args.name), null, args.bytes);
      } finally {
        load.end();
      }
    },
    async listSamples() {
      return ok(listSamples(host.samplesDir));
    },
    async openSample(args) {
      const path = samplePath(host.samplesDir, args.name);
      if (!path) return notFound(`There is no sample dataset '${args.name}'.`, 'args.name');
      return loadByPath(path, args.jobId, args.header, args.name);
    },
    async getRows(args) {
      const d = dataset(args.datasetId);
      if (!d.ok) return d;
      if (args.start > d.value.data.rows) {
        return err({ kind: API_ERRORS.invalidArgument, message: `args.start must be at most ${d.value.data.rows} (the dataset has ${countOf(d.value.data.rows, 'row')}).`, path: 'args.start' });
      }
      const wrong = args.columns?.findIndex((c) => c >= d.value.data.cols) ?? -1;
      if (args.columns && wrong >= 0) {
        return err({ kind: API_ERRORS.invalidArgument, message: `args.columns[${wrong}] must be below ${d.value.data.cols} (the dataset has ${plural(d.value.data.cols, 'column')}).`, path: `args.columns[${wrong}]` });
      }
      return ok({ start: args.start, rows: displayRows(d.value.data, args.start, args.count, args.columns) });
    },
    async closeDataset(args) {
      return ok({ closed: session.datasets.delete(args.datasetId) });
    },

    async readModel(args) {
      const path = resolve(args.path);
      const foreign = await readForeignModel(path);
      if (foreign) {
        if (foreign.ok) await host.settings.addRecent(path, 'model');
        return foreign;
      }
      const text = await readWholeText(path, { maxBytes: MAX_MODEL_BYTES, what: 'model file' });
      if (!text.ok) return text;
      const model = readModelFile(text.value);
      if (!model.ok) return err({ ...model.error, file: path });
      await host.settings.addRecent(path, 'model');
      return ok({ path, name: basename(path), model: model.value });
    },
    async saveModel(args) {
      const allowed = await checkWritePath(host.writes, args.path);
      if (!allowed.ok) return allowed;
      const path = allowed.value;
      // Never over a file the user opened as a dataset: a model saved by mistake must not cost them their data.
      const openFiles = [...session.datasets.values()].flatMap((d) => (d.path ? [d.path] : []));
      const written = await writeWholeFileAtomically(path, writeModelFile(args.model), openFiles);
      if (!written.ok) return written;
      await host.settings.addRecent(path, 'model');
      return ok({ path, bytes: written.value.bytes });
    },
    async importModel(args) {
      return importUploadedModel(args.name, args.bytes);
    },
    async exportModel(args) {
      const openFiles = [...session.datasets.values()].flatMap((d) => (d.path ? [d.path] : []));
      if (args.path === undefined) return exportModelDocument(args.model, args.format, undefined, openFiles);
      const allowed = await checkWritePath(host.writes, args.path);
      if (!allowed.ok) return allowed;
      return exportModelDocument(args.model, args.format, allowed.value, openFiles);
    },
    async listExamples() {
      if (!services.courseExamples) return notAvailable('The course examples');
      return ok(services.courseExamples());
    },
    async importWeights(args) {
      if (!services.importWeights) return notAvailable('Importing weights');
      return services.importWeights(args.text, { hiddenActivation: args.hiddenActivation, outputActivation: args.outputActivation });
    },

    async predict(args) {
      const predict = services.predict;
      if (!predict) return notAvailable('Predicting');
      const d = dataset(args.datasetId);
      if (!d.ok) return d;
      const splitJob = args.options?.split;
      let split: { jobId: string; codes: Int32Array } | undefined;
      if (splitJob !== undefined) {
        const run = session.jobStatus(splitJob);
        const codes = session.rowSplit(splitJob);
        if (!run || run.kind !== 'train' || run.datasetId !== d.value.id || !codes || codes.length !== d.value.data.rows) {
          return err({ kind: API_ERRORS.badState, message: `Job '${splitJob}' is not a finished training run on this dataset, so it has no split of these rows.`, path: 'args.options.split' });
        }
        split = { jobId: splitJob, codes };
      }
      const jobId = session.startJob('predict', d.value.id, false, (ctx) => predict(d.value, args.model, ctx, args.options ?? {}, split));
      return ok({ jobId });
    },
    async train(args) {
      const train = services.train;
      if (!train) return notAvailable('Training');
      const d = dataset(args.datasetId);
      if (!d.ok) return d;
      if (d.value.partial) return notWhole(d.value, 'Training');
      const names = new Set(d.value.data.columns.map((c) => c.name));
      const wanted = [...(args.settings.inputs ?? []).map((n, i) => [n, `args.settings.inputs[${i}]`] as const), [args.settings.target, 'args.settings.target'] as const];
      for (const [name, path] of wanted) {
        if (!names.has(name)) return notFound(`The dataset has no column '${name}'.`, path);
      }
      const fileValidation = args.settings.validation?.kind === 'file';
      if (fileValidation !== (args.validationDatasetId !== undefined)) {
        return err({ kind: 'api/invalid-argument', message: fileValidation ? 'Choose the validation file (validation from a separate file).' : 'A validation file is only used with validation from a separate file.', path: 'args.validationDatasetId' });
      }
      const v = args.validationDatasetId !== undefined ? dataset(args.validationDatasetId) : null;
      if (v && !v.ok) return v;
      if (v?.value.partial) return notWhole(v.value, 'Validation', 'args.validationDatasetId');
      const validation = v?.value;
      // Every finished run is kept (the runs table, across restarts).
      const jobId = session.startJob('train', d.value.id, true, async (ctx) => {
        const r = await train(d.value, args.settings, ctx, validation);
        return r.ok ? ok(await keepRun(host, d.value.name, r.value)) : r;
      });
      return ok({ jobId });
    },
    async cancel(args) {
      return ok({ cancelled: session.cancel(args.jobId, args.keep) });
    },
    async pause(args) {
      return session.pause(args.jobId);
    },
    async resume(args) {
      return session.resume(args.jobId, args.oneEpoch ?? false);
    },
    async getJob(args) {
      const s = session.jobStatus(args.jobId);
      return s ? ok(s) : notFound(`No job '${args.jobId}'.`, 'args.jobId');
    },
    async getPredictions(args) {
      const p = finishedPredictions(args.jobId);
      if (!p.ok) return p;
      const status = session.jobStatus(args.jobId);
      const d = status?.datasetId ? session.datasets.get(status.datasetId) : undefined;
      return ok({ rows: predictionRows(p.value, d, args.start, args.count, args.stride ?? 1, args.inputs ?? false) });
    },
    async exportPredictions(args) {
      if (!services.exportPredictions) return notAvailable('Exporting predictions');
      const request = exportRequest(args);
      if (!request.ok) return request;
      const allowed = await checkWritePath(host.writes, args.path);
      if (!allowed.ok) return allowed;
      const path = allowed.value;
      if (request.value.dataset.path !== null && resolve(request.value.dataset.path) === path) {
        return err({ kind: 'io/would-overwrite-input', message: `Choose another file: ${path} is the dataset itself, and Dense Lab never overwrites its input.`, path: 'args.path', file: path });
      }
      const started = performance.now();
      const written = await services.exportPredictions(request.value, path);
      if (!written.ok) return written;
      return ok({ ...written.value, seconds: (performance.now() - started) / 1000 });
    },
    async predictionsCsv(args) {
      if (!services.predictionsCsv) return notAvailable('Exporting predictions');
      const request = exportRequest(args);
      if (!request.ok) return request;
      return await services.predictionsCsv(request.value);
    },

    async streamPredictions(args) {
      const stream = services.streamPredictions;
      if (!stream) return notAvailable('Exporting the predictions of a file not loaded whole');
      const d = dataset(args.datasetId);
      if (!d.ok) return d;
      if (!d.value.partial) return err({ kind: API_ERRORS.badState, message: `${d.value.name} was loaded whole: export its predictions with exportPredictions.`, path: 'args.datasetId' });
      const known = knownColumns(d.value, args.columns);
      if (!known.ok) return known;
      if (host.writes.kind === 'nowhere') {
        // A download would have to hold the whole output in the page: the file is written where main runs instead.
        return err({ kind: API_ERRORS.notAvailable, message: `${d.value.name} was not loaded whole, so its predictions are written to a file as they are computed, not downloaded: start Dense Lab with \`npm run web -- --write-dir FOLDER\` to allow that.`, path: 'args.path' });
      }
      const allowed = await checkWritePath(host.writes, args.path);
      if (!allowed.ok) return allowed;
      const run = session.beginLoad(args.jobId, 'predict');
      const started = performance.now();
      try {
        const written = await stream({ dataset: d.value, model: args.model, path: allowed.value, columns: args.columns, keepFormulas: args.keepFormulas, ...(run.signal ? { signal: run.signal } : {}), onProgress: run.progress });
        if (!written.ok) return written;
        return ok({ ...written.value, seconds: (performance.now() - started) / 1000 });
      } finally {
        run.end();
      }
    },

    analyzeDependence: (args) => analysis(args, { kind: 'dependence', options: args.options }),
    analyzeInteractions: (args) => analysis(args, { kind: 'interactions', options: args.options }),
    analyzeImportance: (args) => analysis(args, { kind: 'importance', options: args.options }),
    analyzeSurface: (args) => analysis(args, { kind: 'surface', options: args.options }),
    analyzeRepresentation: (args) => analysis(args, { kind: 'representation', options: args.options }),
    ...createRunsHandlers(host),
  } satisfies ApiHandlers;
  return handlers;
}

/** One row's cells of prediction columns. */
function predictionCells(columns: readonly PredictionColumn[], row: number): Cell[] {
  return columns.map((c) => {
    if (c.kind === 'number') return Number.isNaN(c.values[row]) ? null : c.values[row];
    const code = c.codes[row];
    return code >= 0 ? (c.classes[code] ?? null) : null;
  });
}

/**
 * Rows start, start+stride, … (count of them, clipped at the end) of a prediction store, as display cells; with
 * `inputs`, each row's cells of the model's input columns (null where the dataset lacks one), and the baseline's
 * cells when the store has them.
 */
export function predictionRows(store: PredictionStore, d: OpenDataset | undefined, start: number, count: number, stride: number, inputs = false): PredictionRow[] {
  const targetCol = d ? d.data.columns.findIndex((c) => c.name === store.model.output.name) : -1;
  const inputCols = inputs ? store.model.inputs.map((s) => (d ? d.data.columns.findIndex((c) => c.name === s.name) : -1)) : null;
  const rows: PredictionRow[] = [];
  for (let k = 0, row = start; k < count && row < store.rows; k++, row += stride) {
    const inData = d !== undefined && row < d.data.rows;
    rows.push({
      row,
      values: predictionCells(store.columns, row),
      target: inData && targetCol >= 0 ? displayCell(d.data, row, targetCol) : null,
      ...(inputCols ? { inputs: inputCols.map((c) => (inData && c >= 0 ? displayCell(d.data, row, c) : null)) } : {}),
      ...(store.baselineColumns ? { baseline: predictionCells(store.baselineColumns, row) } : {}),
      ...(store.split ? { split: store.split[row] === 1 ? ('validation' as const) : ('train' as const) } : {}),
    });
  }
  return rows;
}
