/** The prediction service: a model file applied to a loaded dataset on the forward worker pool. */
export { predictDataset, predictRowCounts, evaluateSplitsOf, readModel, type Predictions, type PredictOptions, type EmptyReason, type PredictRowCounts, type BaselinePredictions } from './predict';
export { fitBaselineInWorker } from './baseline';
export { predictionColumns, predictionColumnNames, type PredictionColumn } from '../../../src-shared/jobs/prediction-columns';
export { predictFileToCsv } from './predict-file';
export type { PredictFileRequest, PredictFileSummary, PredictPhase } from './predict-request';
export { predictFileStreaming, STREAM_MIN_BYTES } from './predict-stream';
