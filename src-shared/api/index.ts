/**
 * Dense Lab's API: the one typed contract between the renderer and main.
 *
 * How the renderer uses it
 * - Get the object once: `src-renderer/lib/api/connect.ts` returns the preload's `window.api` when it exists
 *   (Electron), else `createBridgeClient()` from `src-renderer/lib/api/bridge-client.ts` (browser mode, `npm run web`).
 *   Both implement `Api` (contract.ts). Nothing else in the renderer knows which one it has; `api.mode` says it.
 * - Every method takes one arguments object and answers `Promise<Result<T>>`; it never throws:
 *     const r = await api.openDataset({ path });
 *     if (!r.ok) show(r.error.message);       // AppError: kind, message, and where (line, column, path)
 *     else table.dataset = r.value;           // DatasetSummary
 *   Methods without arguments are called as `api.listSamples()`.
 * - Main validates every argument; a bad one answers kind 'api/invalid-argument' with `path` naming it
 *   (e.g. `args.count`). Error kinds: `API_ERRORS`.
 * - Long work is a job: `predict`/`train` answer `{jobId}` at once; the plan (training), progress, epochs and the
 *   end arrive as events: `const stop = api.onEvent((e) => { if (e.type === 'job-done') … })` (job-plan, job-progress,
 *   job-epoch, job-batch (≤ 10/s inside an epoch), job-weights (per-epoch weight histograms), job-snapshot (a copy of
 *   the weights every few epochs: jobs/weight-snapshots.ts), job-state, job-done,
 *   job-failed, job-cancelled). predict takes `options` ({baseline, activationStats}); its result carries metrics over
 *   all rows (`evaluation`), the baseline and hidden-unit summaries; getPredictions({inputs: true}) adds input cells. `cancel`, `pause` (training), `resume`, `getJob` act
 *   on a jobId; a cancelled training run ends job-done with stopReason 'stopped' and keeps its best weights. Loading with progress: pass your own `jobId` to openDataset/uploadDataset/openSample
 *   and watch `job-progress` events of kind 'load'; `cancel({jobId})` stops the load.
 * - The table pages through rows with `getRows({datasetId, start, count})`, count ≤ MAX_ROWS_PER_CALL.
 * - Files: in Electron use `showOpenDialog`/`showSaveDialog` (answer `{path: null}` when cancelled) and, for a
 *   dropped file, `api.pathForFile(file)` then `openDataset({path})`. In a browser (no `pathForFile`, dialogs answer
 *   'api/not-available'): read the picked/dropped File's bytes and call `uploadDataset({name, bytes})`; save a model
 *   by downloading `writeModelFile(model)` yourself; export predictions via `predictionsCsv` and a download.
 * - Runs: every finished training job is kept by main (its result's `savedRun`); `listRuns`, `getRun` (with the model
 *   file's text), `deleteRun` / `undeleteRun` (until main quits). `showInFolder({path})` (Electron only) after a write.
 * - Menu items (Electron) arrive as events `{type: 'menu', menu: {command: 'open-dataset'}}` etc.; the renderer runs
 *   the flow (show the dialog, open the file), so menu and buttons share one code path.
 */
export * from './types';
export * from './contract';
export * from './runs';
export type { Validator } from './validate';
