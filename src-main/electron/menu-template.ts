/**
 * The native menus as a template. Items do not act themselves: each sends a menu command to the renderer
 * as an event, which runs the same flow as its button (so a menu and a button can never disagree).
 * Only a type comes from Electron here, so the template is unit-tested without it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile, ThemePreference } from '../../src-shared/api';

export interface MenuOptions {
  readonly appName: string;
  readonly platform: NodeJS.Platform;
  readonly recent: readonly RecentFile[];
  readonly theme: ThemePreference;
  /** Developer tools (and reload) are offered only when not packaged. */
  readonly development: boolean;
  readonly send: (command: MenuCommand) => void;
  readonly setTheme: (theme: ThemePreference) => void;
}

/** The application menu: File, Edit, View, Help (and the app menu on macOS). */
export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    o.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : o.recent.map((f) => ({ label: f.name, sublabel: f.path, toolTip: f.path, click: () => o.send({ command: 'open-recent', path: f.path }) }));
  const theme = (label: string, value: ThemePreference): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: o.theme === value,
    click: () => o.setTheme(value),
  });
  const file: MenuItemConstructorOptions[] = [
    { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => o.send({ command: 'open-dataset' }) },
    { label: 'Open Recent', submenu: recent },
    { type: 'separator' },
    { label: 'Open Model…', click: () => o.send({ command: 'open-model' }) },
    { label: 'Save Model…', accelerator: 'CmdOrCtrl+S', click: () => o.send({ command: 'save-model' }) },
    { label: 'Export Model As…', click: () => o.send({ command: 'export-model' }) },
    { type: 'separator' },
    { label: 'Export Predictions…', accelerator: 'CmdOrCtrl+E', click: () => o.send({ command: 'export-predictions' }) },
  ];
  if (!mac) file.push({ type: 'separator' }, { role: 'quit' });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { label: 'Theme', submenu: [theme('Follow System', 'system'), theme('Light', 'light'), theme('Dark', 'dark')] },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (o.development) view.push({ type: 'separator' }, { role: 'toggleDevTools' }, { role: 'reload' });
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: file },
    {
      label: 'Edit',
      submenu: [
        // The renderer decides: the focused text field's own undo, else the workspace's (network edits, deleted runs).
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => o.send({ command: 'undo' }) },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: () => o.send({ command: 'redo' }) },
        ...(mac ? [] : [{ label: 'Redo', accelerator: 'Ctrl+Y', visible: false, click: () => o.send({ command: 'redo' }) }]),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    {
      role: 'help',
      submenu: [
        { label: 'Course Examples', click: () => o.send({ command: 'show-examples' }) },
        { label: `About ${o.appName}`, click: () => o.send({ command: 'show-about' }) },
      ],
    },
  ];
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}
