/** Install the native menus (their template, with every item, is in menu-template.ts). */
import { Menu } from 'electron';
import { menuTemplate, type MenuOptions } from './menu-template';

/** Build and install the application menu. */
export function installMenu(o: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(o)));
}

export type { MenuOptions };
