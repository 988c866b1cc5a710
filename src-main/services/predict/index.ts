/** The prediction service: a model file applied to a loaded dataset on the forward worker pool. */
export { predictDataset, readModel, type Predictions, type PredictOptions, type EmptyReason } from './predict';
export { predictionColumns, predictionColumnNames, type PredictionColumn } from './prediction-columns';
export { predictFileToCsv, type PredictFileRequest, type PredictFileSummary, type PredictPhase } from './predict-file';
