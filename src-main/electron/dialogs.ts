/** Native open/save dialogs for the API's showOpenDialog/showSaveDialog, attached to the window. */
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { DialogPurpose } from '../../src-shared/api';
import type { DialogHost } from '../api/host';

const FILTERS: Record<DialogPurpose, FileFilter[]> = {
  dataset: [
    { name: 'CSV data', extensions: ['csv', 'tsv', 'txt'] },
    { name: 'All files', extensions: ['*'] },
  ],
  model: [
    { name: 'Models (Dense Lab, Keras, TensorFlow.js, ONNX)', extensions: ['json', 'h5', 'keras', 'onnx'] },
    { name: 'All files', extensions: ['*'] },
  ],
  'model-export': [
    { name: 'ONNX, Keras, TensorFlow.js or python', extensions: ['onnx', 'keras', 'json', 'py'] },
    { name: 'All files', extensions: ['*'] },
  ],
  predictions: [{ name: 'CSV', extensions: ['csv'] }],
};

const TITLES: Record<DialogPurpose, string> = { dataset: 'Open dataset', model: 'Model file', predictions: 'Export predictions', 'model-export': 'Export model' };

/** Dialogs parented to `window()` (modal to it when it exists). */
export function electronDialogs(window: () => BrowserWindow | null): DialogHost {
  return {
    async showOpenDialog(purpose, title) {
      const options = { title: title ?? (purpose === 'model' ? 'Open model' : TITLES[purpose]), properties: ['openFile' as const], filters: FILTERS[purpose] };
      const w = window();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return { path: r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0] };
    },
    async showSaveDialog(purpose, defaultName) {
      const options = { title: purpose === 'model' ? 'Save model' : TITLES[purpose], defaultPath: defaultName, filters: FILTERS[purpose] };
      const w = window();
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return { path: r.canceled || !r.filePath ? null : r.filePath };
    },
  };
}
