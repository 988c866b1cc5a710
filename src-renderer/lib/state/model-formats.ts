/**
 * Flows for foreign model formats: opening a Keras / ONNX file picked or dropped in the browser (main imports
 * it from its bytes), and exporting the current model as ONNX, Keras v3, TF.js or a python script (a save
 * dialog in Electron; downloads in a browser).
 */
import type { ModelExportFormat } from '../../../src-shared/api';
import type { Workspace } from './workspace.svelte';

/** Files opened as foreign models by their name (a TF.js model.json is a .json: it opens by path, with its shards). */
export const FOREIGN_MODEL_FILE = /\.(h5|hdf5|keras|onnx)$/i;

export const EXPORT_CHOICES: readonly { readonly format: ModelExportFormat; readonly label: string; readonly extension: string; readonly detail: string }[] = [
  { format: 'onnx', label: 'ONNX', extension: '.onnx', detail: 'opset 13, float32; takes raw column values (scaling is in the graph)' },
  { format: 'keras', label: 'Keras v3', extension: '.keras', detail: 'keras.models.load_model; a Normalization layer carries the scaling' },
  { format: 'tfjs', label: 'TensorFlow.js Layers', extension: '.json', detail: 'model.json and one .bin beside it (float32)' },
  { format: 'python', label: 'Python script', extension: '.py', detail: 'numpy only: python3 script.py data.csv > predictions.csv' },
];

export async function openForeignModelFile(ws: Workspace, file: File): Promise<void> {
  const doc = await ws.api.importModel({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!doc.ok) return ws.problems.report(doc.error);
  ws.network.load(doc.value.model, doc.value.name);
  ws.network.imported = doc.value.imported ?? null;
  ws.tab = 'network';
}

function baseName(ws: Workspace): string {
  return (ws.network.name ?? ws.dataset.summary?.name ?? 'model').replace(/(\.dlmodel)?\.(json|csv|h5|keras|onnx)$/i, '');
}

/** Export the current model; answers the files written (or downloaded), or null when nothing was (cancelled or a problem, reported). */
export async function exportModelAs(ws: Workspace, format: ModelExportFormat): Promise<string[] | null> {
  const model = ws.network.model;
  if (!model) {
    ws.problems.report({ kind: 'model/incomplete', message: ws.network.problem ?? 'There is no network to export yet.' });
    return null;
  }
  const choice = EXPORT_CHOICES.find((c) => c.format === format)!;
  if (ws.api.mode === 'browser') {
    const files = await ws.api.exportModel({ model, format });
    if (!files.ok) return ws.problems.report(files.error), null;
    // named as the writer named them: a TF.js model.json refers to its .bin by that name
    for (const f of files.value.files) download(f.name, f.bytes ?? new Uint8Array());
    const names = files.value.files.map((f) => f.name);
    ws.written = { message: `Downloaded as ${names.join(' and ')}`, path: null };
    return names;
  }
  const target = await ws.api.showSaveDialog({ purpose: 'model-export', defaultName: `${baseName(ws)}${choice.extension}` });
  if (!target.ok) return ws.problems.report(target.error), null;
  if (!target.value.path) return null;
  const written = await ws.api.exportModel({ model, format, path: target.value.path });
  if (!written.ok) return ws.problems.report(written.error), null;
  const paths = written.value.files.map((f) => f.path ?? f.name);
  ws.written = { message: `Exported the model as ${paths.join(' and ')}`, path: written.value.files[0]?.path ?? null };
  return paths;
}

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
