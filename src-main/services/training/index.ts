/** The training service's public surface. */
export { startTraining, type TrainingCallbacks, type TrainingExtras, type TrainingHandle } from './start-training';
export { saveModelText } from './save-model';
export type { TrainingSettings, LayerSetting, ValidationSetting } from '../../../src-shared/jobs/train-settings';
export { DEFAULT_TRAINING_SETTINGS, resolveTrainingSettings } from '../../../src-shared/jobs/train-settings';
export type { TrainingOutcome, TrainingPlan, EvaluationMetrics, ModelEvaluation, TrainingData } from '../../../src-shared/jobs/train';
