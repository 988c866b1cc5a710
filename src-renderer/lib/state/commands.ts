/**
 * Native menu items (Electron) and files handed to the app by the OS arrive as MenuCommand events; they run
 * the same flows as the toolbar, so a menu and a button can never behave differently.
 */
import type { MenuCommand } from '../../../src-shared/api';
import { exportPredictions, openDatasetInteractive, openDatasetPath, openModelInteractive, openModelPath, saveModel } from './flows';
import type { Workspace } from './workspace.svelte';
import { isTextField } from './undo.svelte';

/** Undo or redo: in a text field its native undo (the field's own typing), else the workspace's history. */
export async function runHistory(ws: Workspace, which: 'undo' | 'redo', focused: Element | null): Promise<void> {
  if (isTextField(focused)) {
    document.execCommand(which);
    return;
  }
  await (which === 'undo' ? ws.undo.undo() : ws.undo.redo());
}

const MODEL_FILE = /\.((dlmodel\.)?json|h5|keras|onnx)$/i;

export function runMenuCommand(ws: Workspace, menu: MenuCommand): void {
  switch (menu.command) {
    case 'open-dataset':
      return void openDatasetInteractive(ws);
    case 'open-recent':
    case 'open-path':
      return void (MODEL_FILE.test(menu.path) ? openModelPath(ws, menu.path) : openDatasetPath(ws, menu.path));
    case 'open-model':
      return void openModelInteractive(ws);
    case 'save-model':
      return void saveModel(ws);
    case 'export-model':
      ws.dialog = 'export-model';
      return;
    case 'export-predictions':
      return void exportPredictions(ws);
    case 'set-theme':
      return ws.theme.set(menu.theme);
    case 'show-examples':
      ws.examplesMenuOpen = true;
      return;
    case 'show-about':
      ws.dialog = 'about';
      return;
    case 'undo':
    case 'redo':
      return void runHistory(ws, menu.command, typeof document === 'undefined' ? null : document.activeElement);
  }
}
