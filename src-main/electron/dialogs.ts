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
    { name: 'Dense Lab model', extensions: ['json'] },
    { name: 'All files', extensions: ['*'] },
  ],
  predictions: [{ name: 'CSV', extensions: ['csv'] }],
};

const TITLES: Record<DialogPurpose, string> = { dataset: 'Open dataset', model: 'Model file', predictions: 'Export predictions' };

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
