/**
 * The real services, wired to the API. A service that is not built yet stays null here, and its methods
 * answer 'api/not-available' until it is.
 */
import { loadDataset, loadDatasetFromBytes, type LoadedDataset } from '../services/datasets';
import { ok, type Result } from '../../src-shared/result';
import type { ApiServices, LoadedData, LoadOptions } from './services';

const loaded = (r: Result<LoadedDataset>): Result<LoadedData> => (r.ok ? ok({ data: r.value, bytes: r.value.bytes, seconds: r.value.seconds }) : r);

const loaderOptions = (o: LoadOptions) => ({
  signal: o.signal,
  onProgress: o.onProgress ? (p: { bytesRead: number; totalBytes: number }) => o.onProgress?.(p.bytesRead, p.totalBytes) : undefined,
});

/** The services of the running app (Electron or the browser bridge). */
export function createDefaultServices(): ApiServices {
  return {
    loadDataset: async (path, options) => loaded(await loadDataset(path, loaderOptions(options))),
    loadDatasetFromBytes: async (bytes, name, options) => loaded(await loadDatasetFromBytes(bytes, name, loaderOptions(options))),
    courseExamples: null,
    importWeights: null,
    predict: null,
    train: null,
    exportPredictions: null,
    predictionsCsv: null,
  };
}
