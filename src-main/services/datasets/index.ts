/** The datasets service: loading CSV files into shared-memory datasets. */
export { loadDataset, loadDatasetFromBytes, type LoadedDataset, type LoadDatasetOptions } from './load-dataset';
export { CsvWorkerPool } from './csv-worker-pool';
export type { ParallelOptions } from './parallel-load';
