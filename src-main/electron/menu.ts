/**
 * The native menus. Items do not act themselves: each sends a menu command to the renderer as an event,
 * which runs the same flow as its button (so a menu and a button can never disagree).
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile, ThemePreference } from '../../src-shared/api';

export interface MenuOptions {
  readonly recent: readonly RecentFile[];
  readonly theme: ThemePreference;
  /** Developer tools are offered only when not packaged. */
  readonly development: boolean;
  readonly send: (command: MenuCommand) => void;
  readonly setTheme: (theme: ThemePreference) => void;
}

/** The menu template (pure data apart from the click handlers), for building and for inspection. */
export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = process.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    o.recent.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : o.recent.map((f) => ({ label: f.name, sublabel: f.path, toolTip: f.path, click: () => o.send({ command: 'open-recent', path: f.path }) }));
  const theme = (label: string, value: ThemePreference): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: o.theme === value,
    click: () => o.setTheme(value),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => o.send({ command: 'open-dataset' }) },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        { label: 'Open Model…', click: () => o.send({ command: 'open-model' }) },
        { label: 'Save Model…', accelerator: 'CmdOrCtrl+S', click: () => o.send({ command: 'save-model' }) },
        { type: 'separator' },
        { label: 'Export Predictions…', accelerator: 'CmdOrCtrl+E', click: () => o.send({ command: 'export-predictions' }) },
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Theme', submenu: [theme('Follow System', 'system'), theme('Light', 'light'), theme('Dark', 'dark')] },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(o.development ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const, { role: 'reload' } as const] : []),
      ],
    },
    {
      role: 'help',
      submenu: [
        { label: 'Course Examples', click: () => o.send({ command: 'show-examples' }) },
        { label: `About ${app.name}`, click: () => o.send({ command: 'show-about' }) },
      ],
    },
  ];
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}

/** Build and install the application menu. */
export function installMenu(o: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(o)));
}
