/** The export service: predictions beside the original columns, written atomically. */
export { exportPredictions, type ExportOptions, type ExportSummary } from './export-predictions';
export { prepareExport, ExportPreparation } from './export-preparation';
export type { ExportSource } from './export-source';
export { writeFileAtomically, checkOutputPath, openFileSink, type ByteSink, type OpenSink, type AtomicWriteOptions } from '../files/atomic-file';
export { formatNumber } from './cells';
