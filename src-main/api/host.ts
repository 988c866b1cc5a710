/**
 * What differs between the places the API is served from (the Electron window, the browser bridge, tests):
 * the mode, native dialogs, where preferences and recent files live, and how events reach the renderer.
 * Handlers use only this interface, so they run the same everywhere.
 */
import type { WritePolicy } from './write-policy';
import type { RunsStore } from '../services/runs/runs-store';
import type { ApiEvent, AppMode, DialogChoice, DialogPurpose, Preferences, RecentFile } from '../../src-shared/api';

export interface DialogHost {
  showOpenDialog(purpose: 'dataset' | 'model', title?: string): Promise<DialogChoice>;
  showSaveDialog(purpose: DialogPurpose, defaultName?: string): Promise<DialogChoice>;
}

/** Preferences and recent files (a JSON file in Electron's user-data folder; memory elsewhere). */
export interface SettingsHost {
  getPreferences(): Preferences;
  setPreferences(change: Partial<Preferences>): Promise<Preferences>;
  listRecent(): RecentFile[];
  addRecent(path: string, kind: RecentFile['kind']): Promise<void>;
}

export interface AppHost {
  readonly mode: AppMode;
  readonly version: string;
  /** Folder of the bundled sample datasets, or null when there is none. */
  readonly samplesDir: string | null;
  /** Native dialogs (Electron only). */
  readonly dialogs: DialogHost | null;
  readonly settings: SettingsHost;
  /** Where path-based writes may go (write-policy.ts): anywhere in Electron, nowhere or one folder in browser mode. */
  readonly writes: WritePolicy;
  /** Where finished training runs are kept (absent: runs are not kept). */
  readonly runs?: RunsStore;
  /** Electron only: show `path` in the system's file manager (answers whether it could). */
  readonly showInFolder?: (path: string) => Promise<boolean>;
  /** Push an event to the renderer(s) of this session. */
  emit(event: ApiEvent): void;
}
