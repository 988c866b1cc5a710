/** The export service: predictions beside the original columns, written atomically. */
export { exportPredictions, prepareExport, ExportPreparation, type ExportOptions, type ExportSource, type ExportSummary } from './export-predictions';
export { writeFileAtomically, checkOutputPath, openFileSink, type ByteSink, type OpenSink, type AtomicWriteOptions } from '../files/atomic-file';
export { formatNumber } from './cells';
