import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuOptions } from '../../../src-main/electron/menu-template';
import type { MenuCommand, ThemePreference } from '../../../src-shared/api';

function setup(over: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const themes: ThemePreference[] = [];
  const template = menuTemplate({
    appName: 'Dense Lab',
    platform: 'linux',
    recent: [{ path: '/data/iris.csv', name: 'iris.csv', kind: 'dataset', openedAt: '2026-01-01T00:00:00.000Z' }],
    theme: 'system',
    development: false,
    send: (c) => sent.push(c),
    setTheme: (t) => themes.push(t),
    ...over,
  });
  return { template, sent, themes };
}

const submenu = (t: MenuItemConstructorOptions[], label: string) => t.find((m) => m.label === label)?.submenu as MenuItemConstructorOptions[];
const item = (items: MenuItemConstructorOptions[], label: string) => items.find((m) => m.label === label) as MenuItemConstructorOptions;
const click = (m: MenuItemConstructorOptions) => (m.click as () => void)();

describe('menu template', () => {
  it('Edit → Undo / Redo send commands (the renderer picks the field\'s own undo or the workspace\'s); Ctrl+Y redoes off macOS', () => {
    const { template, sent } = setup();
    const edit = submenu(template, 'Edit');
    expect(item(edit, 'Undo').accelerator).toBe('CmdOrCtrl+Z');
    const redo = edit.filter((m) => m.label === 'Redo');
    expect(redo.map((m) => m.accelerator)).toEqual(['CmdOrCtrl+Shift+Z', 'Ctrl+Y']);
    click(item(edit, 'Undo'));
    redo.forEach(click);
    expect(sent).toEqual([{ command: 'undo' }, { command: 'redo' }, { command: 'redo' }]);
    expect(edit.map((m) => m.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    const mac = submenu(setup({ platform: 'darwin' }).template, 'Edit');
    expect(mac.filter((m) => m.label === 'Redo')).toHaveLength(1);
  });

  it('File has the issue’s items and shortcuts, each sending its command to the renderer', () => {
    const { template, sent } = setup();
    const file = submenu(template, 'File');
    expect(item(file, 'Open Dataset…').accelerator).toBe('CmdOrCtrl+O');
    expect(item(file, 'Export Predictions…').accelerator).toBe('CmdOrCtrl+E');
    click(item(file, 'Open Dataset…'));
    click(item(file, 'Open Model…'));
    click(item(file, 'Save Model…'));
    click(item(file, 'Export Predictions…'));
    click((item(file, 'Open Recent').submenu as MenuItemConstructorOptions[])[0]);
    expect(sent).toEqual([
      { command: 'open-dataset' },
      { command: 'open-model' },
      { command: 'save-model' },
      { command: 'export-predictions' },
      { command: 'open-recent', path: '/data/iris.csv' },
    ]);
    expect(file.some((m) => m.role === 'quit')).toBe(true);
  });

  it('offers developer tools only in development', () => {
    const hasDevTools = (t: MenuItemConstructorOptions[]) => submenu(t, 'View').some((m) => m.role === 'toggleDevTools');
    expect(hasDevTools(setup().template)).toBe(false);
    expect(hasDevTools(setup({ development: true }).template)).toBe(true);
  });

  it('View has zoom and a theme choice that checks the current theme', () => {
    const { template, themes } = setup({ theme: 'dark' });
    const view = submenu(template, 'View');
    expect(view.map((m) => m.role).filter(Boolean)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
    const theme = item(view, 'Theme').submenu as MenuItemConstructorOptions[];
    expect(theme.filter((m) => m.checked).map((m) => m.label)).toEqual(['Dark']);
    click(item(theme, 'Light'));
    expect(themes).toEqual(['light']);
  });

  it('Help opens the examples and the about box; recent files say so when empty', () => {
    const { template, sent } = setup({ recent: [] });
    const help = template.find((m) => m.role === 'help')?.submenu as MenuItemConstructorOptions[];
    click(item(help, 'Course Examples'));
    click(item(help, 'About Dense Lab'));
    expect(sent).toEqual([{ command: 'show-examples' }, { command: 'show-about' }]);
    const recent = item(submenu(template, 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('puts Quit in the app menu on macOS', () => {
    const { template } = setup({ platform: 'darwin' });
    expect(template[0].role).toBe('appMenu');
    expect(submenu(template, 'File').some((m) => m.role === 'quit')).toBe(false);
  });
});
