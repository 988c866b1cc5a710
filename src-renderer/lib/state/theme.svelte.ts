/** The colour theme: follows the system unless the person picks light or dark. */
import type { ThemePreference } from '../../../src-shared/api/types';

const STORAGE_KEY = 'dense-lab.theme';

export class ThemeState {
  preference = $state<ThemePreference>('system');

  readonly #root: HTMLElement;
  readonly #storage: Storage | null;

  constructor(root: HTMLElement, storage: Storage | null) {
    this.#root = root;
    this.#storage = storage;
    const saved = storage?.getItem(STORAGE_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.preference = saved;
    this.#apply();
  }

  set(preference: ThemePreference): void {
    this.preference = preference;
    this.#storage?.setItem(STORAGE_KEY, preference);
    this.#apply();
  }

  /** The one after the current in system → light → dark → system. */
  next(): ThemePreference {
    return this.preference === 'system' ? 'light' : this.preference === 'light' ? 'dark' : 'system';
  }

  #apply(): void {
    if (this.preference === 'system') delete this.#root.dataset.theme;
    else this.#root.dataset.theme = this.preference;
  }
}
