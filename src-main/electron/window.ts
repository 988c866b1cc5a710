/** The main window: secure preferences, the app:// page, size remembered in the settings file. */
import { BrowserWindow, screen } from 'electron';
import type { SettingsStore } from '../api/settings-store';
import { APP_URL } from './protocol';
import { SECURE_WEB_PREFERENCES } from './security';

const DEFAULT_SIZE = { width: 1280, height: 820 };

/** Saved bounds, unless they would put the window off every display. */
function savedBounds(settings: SettingsStore) {
  const w = settings.data().window;
  if (!w) return { ...DEFAULT_SIZE };
  if (w.x === undefined || w.y === undefined) return { width: w.width, height: w.height };
  const visible = screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return w.x! < a.x + a.width - 50 && w.x! + w.width > a.x + 50 && w.y! >= a.y - 10 && w.y! < a.y + a.height - 50;
  });
  return visible ? { width: w.width, height: w.height, x: w.x, y: w.y } : { width: w.width, height: w.height };
}

/** Create the window, load the renderer, and remember its size when it changes. */
export function createMainWindow(settings: SettingsStore, preloadPath: string): BrowserWindow {
  const bounds = savedBounds(settings);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'Dense Lab',
    show: false,
    backgroundColor: '#1e1e24',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  if (settings.data().window?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
      const maximized = win.isMaximized();
      const b = maximized ? (settings.data().window ?? { ...DEFAULT_SIZE }) : win.getBounds();
      void settings.setWindow({ width: b.width, height: b.height, x: b.x, y: b.y, maximized });
    }, 400);
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('maximize', remember);
  win.on('unmaximize', remember);
  void win.loadURL(APP_URL);
  return win;
}
